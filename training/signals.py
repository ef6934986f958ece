"""The signals the training app sends.

`notices_read` — sent when notices are marked read by a bulk UPDATE (which sends no post_save):
home.receivers retires the person's cached home page on it. Arguments: sender=Notice, user_id.
"""

from django.dispatch import Signal

notices_read = Signal()
