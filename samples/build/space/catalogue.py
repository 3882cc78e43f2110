"""The indicator catalogue: the statistics rows of the five seed reports, as a tree per topic (the seven areas of
administrative reform), snapshotted into catalogue.json so that a seed's document does not change when a seed's
expected JSON is edited.

    python3 samples/build/space/catalogue.py          # rewrite catalogue.json from samples/expected/<seed>.json
"""
from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNAPSHOT = HERE / "catalogue.json"
SEEDS = ["000_f615b932ca683a52", "001_911833c78731c98a", "002_655cb6c347cb7500", "003_b08f386338765894",
         "004_2dfbf661dfb4eca3"]

# topic of a section title, by keyword; the order is the order of the reform areas in every form
TOPICS = [
    ("direction", ("chỉ đạo",)),
    ("institutions", ("thể chế",)),
    ("procedures", ("thủ tục", "tthc")),
    ("apparatus", ("bộ máy",)),
    ("civil_service", ("công vụ",)),
    ("finance", ("tài chính",)),
    ("egov", ("điện tử",)),
]
ROMAN = re.compile(r"^[IVX]+$")


def topic_of(title: str) -> str | None:
    low = title.lower()
    for name, words in TOPICS:
        if any(w in low for w in words):
            return name
    return None


def _node(row: dict) -> dict:
    return {"indicator": row["indicator"], "unit": row["unit"], "note": row["note"], "children": [],
            "breakdown": False}


def seed_tree(rows: list[dict]) -> dict[str, list[dict]]:
    """topic -> top-level nodes. A section is a roman row or (in forms without roman rows) a top-level row with
    no unit and children; forms split into `Biểu mẫu N` tables take the table as the section."""
    has_roman = any(r["stt"] and ROMAN.match(r["stt"]) for r in rows)
    topics: dict[str, list[dict]] = {}
    current: list[dict] | None = None
    stack: list[tuple[int, dict]] = []  # (depth, node)
    last_label = None
    for row in rows:
        stt = row["stt"]
        if row["table"] != last_label and row["table"] and row["table"].startswith("Biểu mẫu"):
            number = int(row["table"].split()[-1])
            current = topics.setdefault(TOPICS[number - 1][0], [])
            stack = []
        last_label = row["table"]
        if stt and ROMAN.match(stt) or (not has_roman and stt and stt.isdigit() and not row["unit"]
                                         and topic_of(row["indicator"]) and not row["table"].startswith("Biểu")):
            current = topics.setdefault(topic_of(row["indicator"]) or "direction", [])
            stack = []
            continue
        if current is None:
            continue
        node = _node(row)
        if stt is None or stt == "-":
            if stack:
                parent = stack[-1][1]
                parent["children"].append(node)
                parent["breakdown"] = True
            else:
                current.append(node)  # `-` items straight under a section
            continue
        depth = stt.count(".") + 1
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1]["children"] if stack else current).append(node)
        stack.append((depth, node))
    return topics


def section_titles(rows: list[dict]) -> dict[str, list[str]]:
    titles: dict[str, list[str]] = {}
    has_roman = any(r["stt"] and ROMAN.match(r["stt"]) for r in rows)
    for row in rows:
        stt = row["stt"]
        top_level = not has_roman and stt and stt.isdigit() and row["parent_stt"] is None \
            and not row["table"].startswith("Biểu")
        if stt and (ROMAN.match(stt) or top_level) and not row["unit"]:
            topic = topic_of(row["indicator"])
            if topic and row["indicator"] not in titles.setdefault(topic, []):
                titles[topic].append(row["indicator"])
    return titles


def refresh(expected_dir: Path) -> dict:
    catalogue = {"topics": {name: {"titles": [], "forms": []} for name, _ in TOPICS}}
    for seed in SEEDS:
        rows = json.loads((expected_dir / f"{seed}.json").read_text(encoding="utf-8"))["rows"]
        for topic, nodes in seed_tree(rows).items():
            catalogue["topics"][topic]["forms"].append(nodes)  # one form per seed: items that belong together
        for topic, titles in section_titles(rows).items():
            for title in titles:
                if title not in catalogue["topics"][topic]["titles"]:
                    catalogue["topics"][topic]["titles"].append(title)
    return catalogue


def load() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    data = refresh(HERE.parent.parent / "expected")
    SNAPSHOT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name, topic in data["topics"].items():
        print(name, [len(form) for form in topic["forms"]], topic["titles"])
