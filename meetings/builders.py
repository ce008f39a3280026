"""The phases' parts of the demo data (`seed_demo`) and of the measuring county (`seed_county`).

Each phase registers its builder here, so a phase still to come adds its data without
touching the seed commands, as it adds its checklist through meetings.progress.
"""

from collections.abc import Callable

DemoBuilder = Callable[[dict], None]
_demo_builders: list[tuple[int, DemoBuilder]] = []


def register_demo(order: int = 100):
    """A phase adds its demo data after `seed_demo` built the county and its meetings.

    The builder gets a dict of named objects (see seed_demo's `context`).
    """

    def decorator(func: DemoBuilder) -> DemoBuilder:
        _demo_builders.append((order, func))
        _demo_builders.sort(key=lambda entry: entry[0])
        return func

    return decorator


def build_phase_demos(context: dict) -> None:
    for _, builder in _demo_builders:
        builder(context)


CountyBuilder = Callable[[object], None]
_county_builders: list[tuple[int, CountyBuilder]] = []


def register_county(order: int = 100):
    """A phase adds its part of the measuring county after `seed_county` built the
    organisations, people and meetings.

    The builder gets the `organizations.county.County` being built (its random source,
    its fixed "today", the meetings by stage) and writes its rows in bulk through it, so
    a phase still to come adds its data without touching `seed_county`.
    """

    def decorator(func: CountyBuilder) -> CountyBuilder:
        _county_builders.append((order, func))
        _county_builders.sort(key=lambda entry: entry[0])
        return func

    return decorator


def county_builders() -> list[CountyBuilder]:
    return [builder for _, builder in _county_builders]
