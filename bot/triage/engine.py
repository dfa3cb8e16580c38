"""Red-flag triage engine for hip / groin / pelvic pain in pregnancy and postpartum.

The rules live in ``red_flags.yml`` beside this module (brief section 11.2); this
module only loads, validates and evaluates them. It is pure Python (pyyaml only) and
has no Rasa import, so it can be unit-tested rule by rule.

Evaluation, in short:

1. A rule *applies* when the patient's stage and pregnancy week are compatible with
   it. An unknown stage means every stage is possible (brief 11.4: union of rules);
   an unknown week means every week is possible.
2. Every applicable rule whose trigger is satisfied by the reported facts *fires*.
   The highest urgency among fired rules wins; ``SC`` (self-care) when none fires.
3. ``X1`` (project safety rule): a reported red flag that no fired rule mentions gives
   at least ``urgent``, so a red flag never ends in self-care.
4. Unclear answers: if treating them as present would raise the level, ask about them
   first (``clarify``); once asked and still unclear, move up one level (brief 11.2).
5. The level the patient's own clinician gave is a floor.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.triage.vocabulary import CONTEXT_KEYS, RED_FLAG_KEYS

URGENCY_LEVELS: tuple[str, ...] = ("self_care", "soon", "urgent", "emergency")

# The keys (brief 11.5) and context facts come from vocabulary.yml.


STAGES: tuple[str, ...] = (
    "pregnant",
    "postpartum_breastfeeding",
    "postpartum_not_breastfeeding",
    "unknown",
)

#: Stages a rule can be limited to (``unknown`` is a state of knowledge, not a stage).
KNOWN_STAGES: tuple[str, ...] = STAGES[:3]

#: Reserved trigger words (see the header of red_flags.yml).
DEFAULT_TRIGGER = "default"
CATCH_ALL_TRIGGER = "unmatched_red_flag"

DEFAULT_RULES_PATH: Path = Path(__file__).with_name("red_flags.yml")

_ALL_KEYS = RED_FLAG_KEYS | CONTEXT_KEYS
_RULE_FIELDS = frozenset(
    {
        "id",
        "urgency",
        "trigger",
        "stages",
        "min_week",
        "max_week",
        "pattern",
        "cause",
        "source",
    }
)
_REQUIRED_FIELDS = ("id", "urgency", "trigger", "pattern", "cause", "source")
_MAX_WEEK = 45


def rank(level: str) -> int:
    """0 for self_care up to 3 for emergency."""
    return URGENCY_LEVELS.index(level)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Condition:
    """A trigger condition: a single key, or ``all_of`` / ``any_of`` of conditions.

    ``op`` is ``"key"``, ``"all_of"``, ``"any_of"``, ``"default"`` or
    ``"unmatched_red_flag"``.
    """

    op: str
    key: str | None = None
    items: tuple[Condition, ...] = ()

    def holds(self, present: frozenset[str]) -> bool:
        if self.op == "key":
            return self.key in present
        if self.op == "all_of":
            return all(item.holds(present) for item in self.items)
        if self.op == "any_of":
            return any(item.holds(present) for item in self.items)
        return False  # reserved triggers are evaluated by the engine itself

    def keys(self) -> frozenset[str]:
        """Every vocabulary key the condition mentions."""
        if self.op == "key" and self.key is not None:
            return frozenset({self.key})
        return frozenset().union(*(item.keys() for item in self.items))


@dataclass(frozen=True)
class Rule:
    """One row of brief table 11.2 (or the project rule X1)."""

    id: str
    urgency: str
    trigger: Condition
    pattern: str
    cause: str
    source: str
    stages: tuple[str, ...] = KNOWN_STAGES
    min_week: int | None = None
    max_week: int | None = None

    @property
    def keys(self) -> frozenset[str]:
        return self.trigger.keys()

    @property
    def is_default(self) -> bool:
        return self.trigger.op == DEFAULT_TRIGGER

    @property
    def is_catch_all(self) -> bool:
        return self.trigger.op == CATCH_ALL_TRIGGER

    def applies_to(self, stage: str, pregnancy_week: int | None) -> bool:
        """True if the rule can apply at this stage/week (unknown = any)."""
        candidates = KNOWN_STAGES if stage == "unknown" else (stage,)
        for candidate in candidates:
            if candidate not in self.stages:
                continue
            if candidate == "pregnant" and pregnancy_week is not None:
                if self.min_week is not None and pregnancy_week < self.min_week:
                    continue
                if self.max_week is not None and pregnancy_week > self.max_week:
                    continue
            return True
        return False


def _parse_condition(raw: Any, rule_id: str) -> Condition:
    if isinstance(raw, str):
        if raw in (DEFAULT_TRIGGER, CATCH_ALL_TRIGGER):
            return Condition(op=raw)
        if raw not in _ALL_KEYS:
            raise ValueError(f"rule {rule_id}: unknown key {raw!r} in trigger")
        return Condition(op="key", key=raw)
    if isinstance(raw, Mapping) and len(raw) == 1:
        ((op, items),) = raw.items()
        if op not in ("all_of", "any_of"):
            raise ValueError(f"rule {rule_id}: unknown trigger operator {op!r}")
        if not isinstance(items, list) or not items:
            raise ValueError(f"rule {rule_id}: {op} needs a non-empty list")
        parsed = tuple(_parse_condition(item, rule_id) for item in items)
        if any(item.op in (DEFAULT_TRIGGER, CATCH_ALL_TRIGGER) for item in parsed):
            raise ValueError(f"rule {rule_id}: reserved trigger inside {op}")
        return Condition(op=op, items=parsed)
    raise ValueError(f"rule {rule_id}: malformed trigger {raw!r}")


def _parse_week(raw: Any, name: str, rule_id: str) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= _MAX_WEEK:
        raise ValueError(f"rule {rule_id}: {name} must be a week number, got {raw!r}")
    return raw


def _parse_rule(raw: Any, index: int) -> Rule:
    if not isinstance(raw, Mapping):
        raise ValueError(f"rule #{index}: expected a mapping, got {type(raw).__name__}")
    rule_id = str(raw.get("id", f"#{index}"))
    unknown = set(raw) - _RULE_FIELDS
    if unknown:
        raise ValueError(f"rule {rule_id}: unknown field(s) {sorted(unknown)}")
    missing = [name for name in _REQUIRED_FIELDS if raw.get(name) in (None, "")]
    if missing:
        raise ValueError(f"rule {rule_id}: missing field(s) {missing}")
    for name in ("id", "urgency", "pattern", "cause", "source"):
        if not isinstance(raw[name], str):
            raise ValueError(f"rule {rule_id}: {name} must be text")
    if raw["urgency"] not in URGENCY_LEVELS:
        raise ValueError(f"rule {rule_id}: unknown urgency {raw['urgency']!r}")
    stages_raw = raw.get("stages", list(KNOWN_STAGES))
    if not isinstance(stages_raw, list) or not stages_raw:
        raise ValueError(f"rule {rule_id}: stages must be a non-empty list")
    for stage in stages_raw:
        if stage not in KNOWN_STAGES:
            raise ValueError(f"rule {rule_id}: unknown stage {stage!r}")
    min_week = _parse_week(raw.get("min_week"), "min_week", rule_id)
    max_week = _parse_week(raw.get("max_week"), "max_week", rule_id)
    if min_week is not None and max_week is not None and min_week > max_week:
        raise ValueError(f"rule {rule_id}: min_week is above max_week")
    if (min_week is not None or max_week is not None) and "pregnant" not in stages_raw:
        raise ValueError(f"rule {rule_id}: week limits need the pregnant stage")
    return Rule(
        id=rule_id,
        urgency=raw["urgency"],
        trigger=_parse_condition(raw["trigger"], rule_id),
        pattern=" ".join(raw["pattern"].split()),
        cause=" ".join(raw["cause"].split()),
        source=raw["source"],
        stages=tuple(stages_raw),
        min_week=min_week,
        max_week=max_week,
    )


def parse_rules(document: Any) -> tuple[Rule, ...]:
    """Validate a parsed YAML document (``{"rules": [...]}``) and build the rules."""
    if not isinstance(document, Mapping) or not isinstance(document.get("rules"), list):
        raise ValueError("rules file must be a mapping with a 'rules' list")
    rules = tuple(_parse_rule(raw, i) for i, raw in enumerate(document["rules"]))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"duplicate rule id {rule.id!r}")
        seen.add(rule.id)
    defaults = [rule for rule in rules if rule.is_default]
    if len(defaults) != 1 or defaults[0].urgency != "self_care":
        raise ValueError("exactly one self_care rule with trigger 'default' is needed")
    if defaults[0].stages != KNOWN_STAGES:
        raise ValueError("the default rule must apply to every stage")
    uncovered = RED_FLAG_KEYS - frozenset().union(*(rule.keys for rule in rules))
    if uncovered:
        raise ValueError(f"red-flag keys used by no rule: {sorted(uncovered)}")
    return rules


@functools.lru_cache(maxsize=1)
def _load_default_rules() -> tuple[Rule, ...]:
    return _load_rules_file(DEFAULT_RULES_PATH)


def _load_rules_file(path: Path) -> tuple[Rule, ...]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    return parse_rules(document)


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """Load and validate a rules file; the default file is read once and cached.

    Raises ``ValueError`` for unknown keys, stages or urgency levels, duplicate
    ids, malformed triggers and red-flag keys that no rule uses.
    """
    if path is None:
        return _load_default_rules()
    return _load_rules_file(Path(path))


# --------------------------------------------------------------------------- facts


def _as_key_set(value: Iterable[str], name: str) -> frozenset[str]:
    if isinstance(value, str):
        raise ValueError(f"Facts.{name} must be a collection of keys, not a string")
    keys = frozenset(value)
    unknown = keys - _ALL_KEYS
    if unknown:
        raise ValueError(f"Facts.{name}: unknown key(s) {sorted(unknown)}")
    return keys


@dataclass(frozen=True)
class Facts:
    """What the patient reported. Any iterable of keys is accepted and frozen."""

    present: frozenset[str] = frozenset()
    unclear: frozenset[str] = frozenset()
    clarified: frozenset[str] = frozenset()
    stage: str = "unknown"
    pregnancy_week: int | None = None
    clinician_urgency: str | None = None

    def __post_init__(self) -> None:
        for name in ("present", "unclear", "clarified"):
            object.__setattr__(self, name, _as_key_set(getattr(self, name), name))
        if self.stage not in STAGES:
            raise ValueError(f"Facts.stage: unknown stage {self.stage!r}")
        week = self.pregnancy_week
        if week is not None and (
            isinstance(week, bool) or not isinstance(week, int) or not 0 <= week <= 45
        ):
            raise ValueError(f"Facts.pregnancy_week: invalid week {week!r}")
        if (
            self.clinician_urgency is not None
            and self.clinician_urgency not in URGENCY_LEVELS
        ):
            raise ValueError(f"Facts.clinician_urgency: {self.clinician_urgency!r}")


@dataclass(frozen=True)
class Assessment:
    """The engine's answer; see the module docstring for how it is reached."""

    urgency: str
    red_flags: tuple[str, ...]
    rule_ids: tuple[str, ...]
    clarify: tuple[str, ...] = ()
    escalated_for_uncertainty: bool = False


# ---------------------------------------------------------------------- evaluation


def _evaluate(
    present: frozenset[str], facts: Facts, rules: Sequence[Rule]
) -> tuple[str, tuple[str, ...]]:
    """Level and ids of the rules that fired at that level, for these keys."""
    applicable = [r for r in rules if r.applies_to(facts.stage, facts.pregnancy_week)]
    fired = [
        r
        for r in applicable
        if not (r.is_default or r.is_catch_all) and r.trigger.holds(present)
    ]
    covered = frozenset().union(*(rule.keys for rule in fired))
    if (present & RED_FLAG_KEYS) - covered:
        fired.extend(rule for rule in applicable if rule.is_catch_all)
    if not fired:
        fired = [rule for rule in applicable if rule.is_default]
    level = max((rule.urgency for rule in fired), key=rank, default="self_care")
    ids = tuple(sorted(rule.id for rule in fired if rule.urgency == level))
    return level, ids


def _raising_keys(
    present: frozenset[str],
    unclear: frozenset[str],
    facts: Facts,
    rules: Sequence[Rule],
) -> frozenset[str]:
    """Unclear keys that would raise the level, alone or together with the others."""
    base = rank(_evaluate(present, facts, rules)[0])
    high = rank(_evaluate(present | unclear, facts, rules)[0])
    raising = set()
    for key in unclear:
        alone = rank(_evaluate(present | {key}, facts, rules)[0])
        without = rank(_evaluate(present | (unclear - {key}), facts, rules)[0])
        if alone > base or without < high:
            raising.add(key)
    return frozenset(raising)


def assess(facts: Facts, rules: Sequence[Rule] | None = None) -> Assessment:
    """Triage the reported facts against the red-flag rules (brief 11.2)."""
    active_rules: Sequence[Rule] = load_rules() if rules is None else rules
    present = facts.present
    unclear = facts.unclear - present

    level, rule_ids = _evaluate(present, facts, active_rules)
    urgency = level
    clarify: tuple[str, ...] = ()
    escalated = False

    high = _evaluate(present | unclear, facts, active_rules)[0]
    if rank(high) > rank(level):
        raising = _raising_keys(present, unclear, facts, active_rules)
        pending = raising - facts.clarified
        asked = raising & facts.clarified
        clarify = tuple(sorted(pending))
        # Still unclear after asking once: one level up (brief 11.2, uncertainty 2),
        # capped at what the unclear answers could justify.
        cap = (
            high if not pending else _evaluate(present | asked, facts, active_rules)[0]
        )
        if asked and rank(cap) > rank(level):
            urgency = URGENCY_LEVELS[min(rank(level) + 1, rank(cap))]
            escalated = True

    if facts.clinician_urgency is not None and rank(facts.clinician_urgency) > rank(
        urgency
    ):
        urgency = facts.clinician_urgency

    return Assessment(
        urgency=urgency,
        red_flags=tuple(sorted(present & RED_FLAG_KEYS)),
        rule_ids=rule_ids,
        clarify=clarify,
        escalated_for_uncertainty=escalated,
    )


def is_emergency(facts: Facts) -> bool:
    """True if the default rules put these facts at the ``emergency`` level."""
    return assess(facts).urgency == "emergency"
