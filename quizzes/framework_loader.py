"""Load a competency framework from its JSON data file, idempotently.

Takes the model classes as arguments so that the data migration can pass its historical models and
the `load_framework` service the real ones. Existing rows are matched by code and only changed
where the file differs, so running it again changes nothing and admins' additions are kept.
"""

from __future__ import annotations

import json
from pathlib import Path

DEFAULT_FRAMEWORK_FILE = Path(__file__).resolve().parent / "data" / "default_framework.json"


def _sync(instance, values: dict) -> bool:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save(update_fields=changed)
    return bool(changed)


def load_framework_data(data: dict, *, Framework, Area, Competence, Level) -> dict:
    """Create or update the framework described by `data`. Returns counts of created rows."""
    counts = {"areas": 0, "competences": 0, "levels": 0}
    texts = lambda item: {  # noqa: E731
        "name": item["name"],
        "name_en": item.get("name_en", ""),
        "description": item.get("description", ""),
        "description_en": item.get("description_en", ""),
    }
    framework, created = Framework.objects.get_or_create(code=data["code"], defaults=texts(data))
    if not created:
        _sync(framework, texts(data))
    level_texts = {item["level"]: item for item in data.get("levels", [])}
    for area_order, area_data in enumerate(data["areas"], start=1):
        area, created = Area.objects.get_or_create(
            framework=framework,
            code=area_data["code"],
            defaults={**texts(area_data), "sort_order": area_order},
        )
        counts["areas"] += created
        if not created:
            _sync(area, {**texts(area_data), "sort_order": area_order})
        for order, item in enumerate(area_data["competences"], start=1):
            competence, created = Competence.objects.get_or_create(
                code=item["code"], defaults={**texts(item), "area": area, "sort_order": order}
            )
            counts["competences"] += created
            if not created:
                _sync(competence, {**texts(item), "area_id": area.pk, "sort_order": order})
            for number in range(1, 5):
                own = {level["level"]: level for level in item.get("levels", [])}
                source = own.get(number) or level_texts.get(number, {})
                values = {
                    "description": source.get("description", ""),
                    "description_en": source.get("description_en", ""),
                }
                level, created = Level.objects.get_or_create(
                    competence=competence, level=number, defaults=values
                )
                counts["levels"] += created
                if not created:
                    _sync(level, values)
    return counts


def read_framework_file(path: Path = DEFAULT_FRAMEWORK_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
