"""Item analysis: classical test statistics of a test's questions (`statistics`, pure numpy) and
the flags an expert reads them by (`flags`). The stored runs and the task that fills them are in
quizzes.services.analysis; the admin screen reads quizzes.selectors.analysis."""
