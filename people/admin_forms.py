"""Wagtail admin forms for people. Saving delegates to people.services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from . import services
from .models import OrgUnit


class _FullNameMixin(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One "full name" field: Chinese names do not split into first and last reliably.
        for name in ("first_name", "last_name"):
            self.fields[name].required = False
            self.fields[name].widget = forms.HiddenInput()
        if self.instance and self.instance.pk:
            self.fields["full_name"].initial = self.instance.full_name

    def save(self, commit=True):
        self.instance.full_name = self.cleaned_data["full_name"]
        return super().save(commit=commit)


class PersonCreationForm(_FullNameMixin, UserCreationForm):
    pass


class PersonEditForm(_FullNameMixin, UserEditForm):
    pass


class OrgUnitForm(WagtailAdminModelForm):
    parent = forms.ModelChoiceField(
        label=_("Parent unit"),
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        help_text=_("Leave empty for a top-level department."),
    )

    class Meta:
        model = OrgUnit
        fields = ["name", "name_en", "code", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
            # A unit cannot move below itself or its own descendants.
            self.fields["parent"].queryset = OrgUnit.objects.exclude(
                path__startswith=self.instance.path
            ).order_by("path")

    def save(self, commit=True):
        data = self.cleaned_data
        fields = {
            "name": data["name"],
            "code": data["code"],
            "kind": data["kind"],
            "name_en": data["name_en"],
        }
        if self.instance.pk:
            self.instance = services.org_unit_update(
                unit=self.instance, parent=data["parent"], **fields
            )
        else:
            self.instance = services.org_unit_create(parent=data["parent"], **fields)
        return self.instance


class PeopleImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("HR sheet"),
        help_text=_("A .csv or .xlsx file with one person per row, at most 5 MB."),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=[("utf-8", "UTF-8"), ("gb18030", "GB18030 / GBK")],
        initial="utf-8",
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB; split it into smaller files.")
            )
        if not uploaded.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        return uploaded
