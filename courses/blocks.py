"""StreamField blocks for lessons: one BaseStreamBlock, every StructBlock self-describing.

A check question's correct answer is part of the stored block value but its template never prints
it: answers are checked on the server (courses.services.check_answer_submit).
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"]


class VideoBlock(blocks.StructBlock):
    """A video uploaded as a document or hosted elsewhere, always with a transcript."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    video_file = DocumentChooserBlock(
        label=_("Video file"), required=False, help_text=_("An uploaded video file (MP4 or WebM).")
    )
    embed_url = blocks.URLBlock(
        label=_("Video address"),
        required=False,
        help_text=_("The address of the video on an approved video platform."),
    )
    transcript = blocks.TextBlock(
        label=_("Transcript"), help_text=_("Everything said in the video, for every learner.")
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("video_file") and not value.get("embed_url"):
            raise StructBlockValidationError(
                block_errors={
                    "video_file": ErrorList([_("Upload a video file or give the video's address.")])
                }
            )
        return value

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"
        description = _("A video with its transcript")
        preview_value = {
            "title": "一网通办办事流程演示",
            "embed_url": "https://video.example.gov.cn/one-stop-demo",
            "transcript": "本视频演示群众在一网通办平台上办理居住证的完整流程。",
        }


class DocumentDownloadBlock(blocks.StructBlock):
    """A document learners download: handouts, regulations, templates."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200, required=False)
    description = blocks.TextBlock(label=_("What it contains"), required=False)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document_download.html"
        description = _("A document to download")
        preview_value = {"title": "课程讲义", "description": "本课的讲义与参考资料。"}


class ImageBlock(blocks.StructBlock):
    """An image with the text alternative every learner needs."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Text alternative"),
        max_length=250,
        help_text=_("Describe what the image shows for learners who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"
        description = _("An image with a text alternative")
        preview_value = {"alt_text": "一网通办总体架构示意图", "caption": "总体架构"}


class CalloutBlock(blocks.StructBlock):
    """A highlighted note: a tip, an important point or a warning."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("tip", _("Tip")), ("important", _("Important")), ("warning", _("Warning"))],
        default="important",
    )
    title = blocks.CharBlock(label=_("Title"), max_length=120, required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "courses/blocks/callout.html"
        description = _("A highlighted tip, important point or warning")
        preview_value = {
            "kind": "important",
            "title": "注意",
            "text": "<p>处理个人信息应当具有明确、合理的目的。</p>",
        }


class KeyPointsBlock(blocks.StructBlock):
    """The few things a learner should remember from the lesson."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Points"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/key_points.html"
        description = _("A short list of points to remember")
        preview_value = {
            "heading": "要点",
            "points": ["数据共享以共享为原则、不共享为例外", "开放数据应当可机读"],
        }


class CheckQuestionBlock(blocks.StructBlock):
    """A single-choice question inside the lesson; answering it correctly is part of completing
    the lesson. The correct choice is never rendered into the page."""

    question = blocks.CharBlock(label=_("Question"), max_length=500)
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("Choices"), min_num=2, max_num=8
    )
    correct_choice = blocks.IntegerBlock(
        label=_("Number of the correct choice"),
        min_value=1,
        max_value=8,
        help_text=_("1 for the first choice, 2 for the second, and so on."),
    )
    explanation = blocks.TextBlock(
        label=_("Explanation"), help_text=_("Shown to the learner after they answer.")
    )

    def clean(self, value):
        value = super().clean(value)
        # Saving a draft defers Wagtail's own "required" checks, so the number may be missing here.
        # A question without its answer cannot be judged, and a draft can reach the site through
        # the review workflow without being validated again: refuse it on the field, in drafts
        # too, so the editor sees why and keeps everything else typed.
        if value["correct_choice"] is None:
            raise StructBlockValidationError(
                block_errors={
                    "correct_choice": ErrorList(
                        [_("Give the number of the correct choice, so the answer can be checked.")]
                    )
                }
            )
        if value["correct_choice"] > len(value["choices"]):
            raise StructBlockValidationError(
                block_errors={
                    "correct_choice": ErrorList(
                        [
                            ValidationError(
                                _("The correct choice must be one of the %(count)s choices."),
                                params={"count": len(value["choices"])},
                            )
                        ]
                    )
                }
            )
        return value

    class Meta:
        icon = "help"
        template = "courses/blocks/check_question.html"
        description = _("A single-choice question checked on the server")
        preview_value = {
            "question": "“一网通办”的核心目标是什么？",
            "choices": ["让数据多跑路、群众少跑腿", "增加办事窗口数量"],
            "correct_choice": 1,
            "explanation": "一网通办通过数据共享减少群众重复提交材料和往返跑动。",
        }


class BaseStreamBlock(blocks.StreamBlock):
    """Every block a lesson may contain."""

    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="courses/blocks/paragraph.html",
        description=_("Formatted text"),
        preview_value="<p>政务数据共享是一网通办的基础。</p>",
    )
    video = VideoBlock(label=_("Video"))
    document = DocumentDownloadBlock(label=_("Document download"))
    image = ImageBlock(label=_("Image"))
    callout = CalloutBlock(label=_("Callout"))
    key_points = KeyPointsBlock(label=_("Key points"))
    check_question = CheckQuestionBlock(label=_("Check question"))
