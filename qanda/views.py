"""Learner and expert pages of the Q&A service. Rules live in actions, services and selectors;
a question someone may not see does not exist for them (404), its attachment included."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Site

from core.private_files import serve_private_file
from core.ratelimit import rate_limited
from core.replicas import replica_reads
from courses.selectors import course_titles_in_active_language

from . import selectors, services
from .actions import CloseQuestionAction, PromoteAnswerAction
from .forms import AnswerForm, AskForm, MergeForm
from .models import Answer, QandaSettings, Question
from .selectors import service_quality
from .workdays import CalendarExhausted


def _course_or_404(course_id: int):
    course = selectors.course_for_id(course_id=course_id)
    if course is None:
        raise Http404
    return course


def course_questions(request, course_id: int):
    """The course's public questions (its FAQ, searchable) and, for a learner, the ask form."""
    course = _course_or_404(course_id)
    lessons = list(selectors.lessons_of(course=course))
    query = request.GET.get("q", "").strip()[:200]
    form = AskForm(lessons=lessons)
    return render(
        request,
        "qanda/course_questions.html",
        {
            "course": course,
            "course_titles": course_titles_in_active_language(courses=[course]),
            "form": form,
            "query": query,
            "faq": selectors.course_faq(course=course, query=query),
            "is_expert": selectors.can_answer(user=request.user, course=course),
        },
    )


@login_required
@require_POST
@rate_limited("qanda-ask", limit=20, per_seconds=3600)
def ask(request, course_id: int):
    """A learner asks; bad input shows the form again with the reasons and saves nothing."""
    course = _course_or_404(course_id)
    lessons = list(selectors.lessons_of(course=course))
    form = AskForm(request.POST, request.FILES, lessons=lessons)
    if form.is_valid():
        try:
            question = services.question_ask(
                user=request.user,
                course=course,
                lesson=form.lessons.get(form.cleaned_data["lesson"]),
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except CalendarExhausted as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your question was sent to the course's experts. You will be notified of the answer."
                ),
            )
            return redirect("qanda:question_detail", question.pk)
    return render(
        request,
        "qanda/course_questions.html",
        {
            "course": course,
            "course_titles": course_titles_in_active_language(courses=[course]),
            "form": form,
            "query": "",
            "faq": selectors.course_faq(course=course),
            "is_expert": selectors.can_answer(user=request.user, course=course),
        },
        status=400,
    )


def _question_or_404(request, question_id: int) -> Question:
    question = selectors.question_for_user(question_id=question_id, user=request.user)
    if question is None:
        raise Http404
    return question


def question_detail(request, question_id: int, form=None, status=200):
    """One question with its thread, the due date and status, and what the viewer may do."""
    question = _question_or_404(request, question_id)
    is_expert = selectors.can_answer(user=request.user, course=question.course)
    is_asker = request.user.is_authenticated and request.user.pk == question.asker_id
    thread = list(selectors.question_thread(question=question))
    return render(
        request,
        "qanda/question_detail.html",
        {
            "question": question,
            "course_titles": course_titles_in_active_language(courses=[question.course]),
            "thread": thread,
            "is_expert": is_expert,
            # The page offers what the actions allow; it does not repeat their rules.
            "may_close": CloseQuestionAction(question).allowed(request.user, is_expert=is_expert),
            "promotable_answer_ids": {
                answer.pk
                for answer in thread
                if PromoteAnswerAction(answer, question=question).allowed(
                    request.user, is_expert=is_expert
                )
            },
            "is_asker": is_asker,
            "overdue": selectors.is_overdue(question=question),
            "form": form or AnswerForm(),
            "merge_form": MergeForm(),
        },
        status=status,
    )


def question_attachment(request, question_id: int):
    """The attachment, always as a download, only to the asker, the course's experts and admins
    (selectors.may_download_attachment): a public question shares its text, not its files."""
    question = _question_or_404(request, question_id)
    if not question.attachment or not selectors.may_download_attachment(
        user=request.user, question=question
    ):
        raise Http404
    return serve_private_file(
        request, question.attachment, download_name=question.attachment_name or "attachment"
    )


def _act(request, question_id: int, action) -> Question:
    question = _question_or_404(request, question_id)
    try:
        action(question)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return question


@login_required
@require_POST
@rate_limited("qanda-answer", limit=60, per_seconds=3600)
def answer(request, question_id: int):
    question = _question_or_404(request, question_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return question_detail(request, question_id, form=form, status=400)
    try:
        services.answer_post(question=question, author=request.user, body=form.cleaned_data["body"])
    except PermissionDenied:
        raise Http404 from None
    except (ValidationError, CalendarExhausted) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Your reply was posted."))
    return redirect("qanda:question_detail", question.pk)


@login_required
@require_POST
def resolve(request, question_id: int):
    _act(request, question_id, lambda q: services.question_resolve(question=q, user=request.user))
    return redirect("qanda:question_detail", question_id)


@login_required
@require_POST
def close(request, question_id: int):
    _act(request, question_id, lambda q: CloseQuestionAction(q).execute(request.user))
    return redirect("qanda:question_detail", question_id)


@login_required
@require_POST
def merge(request, question_id: int):
    form = MergeForm(request.POST)

    def do_merge(question):
        into = (
            Question.objects.filter(pk=form.cleaned_data["into"]).first()
            if form.is_valid()
            else None
        )
        if into is None:
            raise ValidationError(_("There is no question with that number."))
        services.question_merge(question=question, into=into, user=request.user)

    _act(request, question_id, do_merge)
    return redirect("qanda:question_detail", question_id)


@login_required
@require_POST
def promote(request, question_id: int, answer_id: int):
    def do_promote(question):
        target = Answer.objects.filter(pk=answer_id, question=question).first()
        if target is None:
            raise Http404
        PromoteAnswerAction(target, question=question).execute(request.user)
        messages.success(request, _("The answer is now in the course's FAQ."))

    _act(request, question_id, do_promote)
    return redirect("qanda:question_detail", question_id)


@login_required
def my_questions(request):
    """A learner's own questions with due dates and status, and their notices (new ones marked;
    reading the page changes nothing: "Mark all as read" is a POST)."""
    notices = selectors.notices_for(user=request.user)
    questions = list(selectors.my_questions(user=request.user))
    course_titles = course_titles_in_active_language(courses=[q.course for q in questions])
    return render(
        request,
        "qanda/my_questions.html",
        {
            "questions": questions,
            "course_titles": course_titles,
            "notices": notices,
            "has_unread": any(notice.read_at is None for notice in notices),
        },
    )


@login_required
@require_POST
def notices_read(request):
    """Mark all of the person's question notices read, then back to their questions."""
    count = services.notices_mark_read(user=request.user)
    if count:
        messages.success(request, _("All notices are marked as read."))
    return redirect("qanda:my_questions")


@login_required
def inbox(request):
    """The questions an expert answers, waiting ones first by due time, overdue ones marked;
    `?show=open` lists only those still waiting (any other value: all of them)."""
    only_open = request.GET.get("show") == "open"
    questions = list(selectors.expert_inbox(user=request.user, only_open=only_open))
    course_titles = course_titles_in_active_language(courses=[q.course for q in questions])
    return render(
        request,
        "qanda/inbox.html",
        {"questions": questions, "only_open": only_open, "course_titles": course_titles},
    )


@replica_reads
def quality_summary(request):
    """The public service-quality summary, when an admin has switched it on."""
    site = Site.find_for_request(request)
    if site is None or not QandaSettings.for_site(site).public_summary:
        raise Http404
    report = service_quality()
    return render(request, "qanda/quality_summary.html", {"report": report})
