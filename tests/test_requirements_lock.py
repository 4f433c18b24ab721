"""The Python locks agree with their sources (README.md, "Dependencies").

requirements.in and requirements-dev.in name the direct requirements, pinned with ==;
requirements.txt and requirements-dev.txt are compiled from them by scripts/lock with every
transitive package and its hashes, and installed in hash-checking mode (scripts/bootstrap.sh,
production). These tests read files only, never the network: a source edited without running
scripts/lock, a lock edited by hand or a dev tool leaking into production fails them.
"""

import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_IN, RUNTIME_LOCK = "requirements.in", "requirements.txt"
DEV_IN, DEV_LOCK = "requirements-dev.in", "requirements-dev.txt"
LOCKS = {RUNTIME_LOCK: RUNTIME_IN, DEV_LOCK: DEV_IN}
FIX = "run scripts/lock and commit the .in and .txt files together"
HASH = re.compile(r"--hash=(?P<algorithm>[a-z0-9]+):(?P<digest>\S+)")


@dataclass
class Source:
    """One .in file: its direct requirements, those of the files it includes (-r) and its
    constraint files (-c)."""

    own: list[Requirement] = field(default_factory=list)
    included: list[Requirement] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)

    @property
    def requirements(self) -> list[Requirement]:
        return self.included + self.own


@dataclass
class Locked:
    """One package of a lock: `name==version [; marker]`, its hashes and its `# via` lines."""

    line: str
    name: str
    version: str | None
    marker: Marker | None
    hashes: list[tuple[str, str]]
    via: list[str] = field(default_factory=list)

    def applies(self) -> bool:
        """Whether pip installs it on this interpreter and platform."""
        return self.marker is None or self.marker.evaluate()


def strip_comment(line: str) -> str:
    # pip's rule: a comment starts at "#" at the start of a line or after whitespace.
    return re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()


def read_source(name: str) -> Source:
    source = Source()
    for raw in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = strip_comment(raw)
        if not line:
            continue
        option, _, argument = line.partition(" ")
        if option in ("-r", "--requirement"):
            source.included += read_source(argument.strip()).requirements
        elif option in ("-c", "--constraint"):
            source.constraints.append(argument.strip())
        elif line.startswith("-"):
            pytest.fail(f"{name}: unexpected option {line!r} (only -r and -c are used)")
        else:
            source.own.append(Requirement(line))
    return source


def read_lock(name: str) -> list[Locked]:
    """The packages of a lock in the format uv pip compile writes (pip-tools' is the same)."""
    packages: list[Locked] = []
    logical = ""
    in_via = False
    for raw in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if logical:  # a continuation of the package's line (its hashes)
            logical += " " + raw.strip().removesuffix("\\").strip()
            if not raw.rstrip().endswith("\\"):
                packages.append(parse_locked(name, logical))
                logical = ""
            continue
        stripped = raw.strip()
        if not stripped:
            in_via = False
        elif raw[0].isspace() and stripped.startswith("#"):
            # "    # via kombu", or "    # via" then "    #   django" lines.
            text = stripped.lstrip("#").strip()
            if text.startswith("via"):
                in_via = True
                text = text.removeprefix("via").strip()
            if in_via and text and packages:
                packages[-1].via.append(text)
        elif stripped.startswith("#"):
            in_via = False
        elif raw[0].isspace() or stripped.startswith("-"):
            pytest.fail(f"{name}: unexpected line {raw!r}; {FIX}")
        else:
            in_via = False
            logical = stripped.removesuffix("\\").strip()
            if not raw.rstrip().endswith("\\"):
                packages.append(parse_locked(name, logical))
                logical = ""
    if logical:
        packages.append(parse_locked(name, logical))
    return packages


def parse_locked(lock: str, logical: str) -> Locked:
    specification = logical.split(" --hash=", 1)[0].strip()
    requirement = Requirement(specification)
    return Locked(
        line=specification,
        name=canonicalize_name(requirement.name),
        version=pinned_version(requirement),
        marker=requirement.marker,
        hashes=[(m["algorithm"], m["digest"]) for m in HASH.finditer(logical)],
    )


def by_name(packages: list[Locked]) -> dict[str, list[Locked]]:
    """A universal lock may hold one package twice, with other versions under other markers."""
    found: dict[str, list[Locked]] = {}
    for package in packages:
        found.setdefault(package.name, []).append(package)
    return found


def pinned_version(requirement: Requirement) -> str | None:
    """The version of `name==version`, None for any other specifier."""
    specifiers = list(requirement.specifier)
    if len(specifiers) != 1 or specifiers[0].operator != "==" or "*" in specifiers[0].version:
        return None
    return specifiers[0].version


@pytest.mark.parametrize("source_name", [RUNTIME_IN, DEV_IN])
def test_direct_requirements_are_pinned_once(source_name):
    names = []
    for requirement in read_source(source_name).own:
        assert pinned_version(requirement), f"{source_name}: {requirement} is not pinned with =="
        names.append(canonicalize_name(requirement.name))
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates, f"{source_name} names them twice: {duplicates}"


def test_dev_source_builds_on_the_runtime_lock():
    source = read_source(DEV_IN)
    runtime = {canonicalize_name(r.name) for r in read_source(RUNTIME_IN).requirements}
    assert runtime <= {canonicalize_name(r.name) for r in source.included}, (
        f"{DEV_IN} must include -r {RUNTIME_IN}: the dev lock is the runtime lock plus the tools"
    )
    assert RUNTIME_LOCK in source.constraints, (
        f"{DEV_IN} must say -c {RUNTIME_LOCK}: the dev lock keeps production's versions"
    )


@pytest.mark.parametrize("lock_name", LOCKS)
def test_lock_pins_every_direct_requirement_as_its_source(lock_name):
    locked = by_name(read_lock(lock_name))
    for requirement in read_source(LOCKS[lock_name]).requirements:
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{lock_name} lacks {requirement}; {FIX}"
        versions = {package.version for package in locked[name]}
        assert versions == {pinned_version(requirement)}, (
            f"{lock_name} locks {name} at {sorted(v or '?' for v in versions)}, "
            f"its source says {requirement}; {FIX}"
        )


@pytest.mark.parametrize("lock_name", LOCKS)
def test_every_locked_package_is_pinned_with_hashes(lock_name):
    packages = read_lock(lock_name)
    assert packages, f"{lock_name} locks nothing"
    for package in packages:
        assert package.version, f"{lock_name}: {package.line} is not pinned with =="
        assert package.hashes, f"{lock_name}: {package.line} has no --hash; {FIX}"
        for algorithm, digest in package.hashes:
            assert algorithm == "sha256" and re.fullmatch(r"[0-9a-f]{64}", digest), (
                f"{lock_name}: {package.line} has a malformed hash {algorithm}:{digest}"
            )
    for name, entries in by_name(packages).items():
        markers = [str(entry.marker) for entry in entries]
        assert len(set(markers)) == len(markers), f"{lock_name} locks {name} twice: {markers}"


def test_dev_lock_holds_the_runtime_lock():
    dev = by_name(read_lock(DEV_LOCK))
    for package in read_lock(RUNTIME_LOCK):
        versions = {entry.version for entry in dev.get(package.name, [])}
        assert package.version in versions, (
            f"{DEV_LOCK} must hold {package.line} as {RUNTIME_LOCK} does "
            f"(it has {sorted(v or '?' for v in versions) or 'nothing'}); {FIX}"
        )


def test_runtime_lock_holds_no_dev_only_package():
    runtime_direct = {canonicalize_name(r.name) for r in read_source(RUNTIME_IN).requirements}
    dev_only = {canonicalize_name(r.name) for r in read_source(DEV_IN).own} - runtime_direct
    leaked = sorted(dev_only & set(by_name(read_lock(RUNTIME_LOCK))))
    assert not leaked, f"{RUNTIME_LOCK} (production) holds dev tools: {leaked}"


@pytest.mark.parametrize("lock_name", LOCKS)
def test_lock_is_compiled_from_its_current_source(lock_name):
    """The lock's own annotations say which packages came from which source: those of the .in
    files as they are now, and every other package is needed by a locked one."""
    text = (ROOT / lock_name).read_text(encoding="utf-8")
    assert re.match(r"# This file was autogenerated by .*\n#\s+scripts/lock\n", text), (
        f"{lock_name} was not written by scripts/lock; {FIX}"
    )
    packages = read_lock(lock_name)
    locked = by_name(packages)
    sources = {RUNTIME_IN: read_source(RUNTIME_IN).own}
    if lock_name == DEV_LOCK:
        sources[DEV_IN] = read_source(DEV_IN).own
    for source_name, requirements in sources.items():
        direct = {canonicalize_name(r.name) for r in requirements}
        annotated = {p.name for p in packages if f"-r {source_name}" in p.via}
        assert annotated == direct, (
            f"{lock_name} was compiled from another {source_name}: it lists "
            f"{sorted(annotated - direct)} as direct, lacks {sorted(direct - annotated)}; {FIX}"
        )
    allowed_files = {f"-r {name}" for name in sources} | {f"-c {RUNTIME_LOCK}"}
    for package in packages:
        assert package.via, f"{lock_name}: {package.line} has no '# via' annotation; {FIX}"
        for reason in package.via:
            assert reason in allowed_files or canonicalize_name(reason) in locked, (
                f"{lock_name}: {package.name} is there for {reason!r}, which is not locked; {FIX}"
            )
        assert any(not reason.startswith("-c ") for reason in package.via), (
            f"{lock_name}: nothing requires {package.name}; {FIX}"
        )


def installed_requirements(name: str, extras: set[str]) -> list[Requirement]:
    """What the installed distribution `name` requires on this interpreter with those extras."""
    requirements = []
    for text in metadata.requires(name) or []:
        requirement = Requirement(text)
        if requirement.marker is None or any(
            requirement.marker.evaluate({"extra": extra}) for extra in {""} | extras
        ):
            requirements.append(requirement)
    return requirements


def test_environment_is_the_dev_lock():
    """scripts/start, scripts/test and CI install the dev lock before anything runs."""
    stale = []
    for package in read_lock(DEV_LOCK):
        if not package.applies():
            continue
        try:
            installed = metadata.version(package.name)
        except metadata.PackageNotFoundError:
            installed = "nothing"
        if installed != package.version:
            stale.append(f"{package.name}: {installed} installed, {package.version} locked")
    assert not stale, (
        "this environment is not the dev lock (run scripts/test, or source scripts/bootstrap.sh "
        f"then ensure_venv): {stale}"
    )


@pytest.mark.parametrize("lock_name", LOCKS)
def test_lock_satisfies_every_dependency(lock_name):
    """`pip check` on the lock, for this interpreter and platform: every dependency of a locked
    package, with the extras asked for, is locked at a version it accepts. The packages' own
    metadata is read from this environment, the dev lock (previous test)."""
    locked = {
        package.name: package.version for package in read_lock(lock_name) if package.applies()
    }
    extras: dict[str, set[str]] = {}
    direct = read_source(LOCKS[lock_name]).requirements
    pending = [(canonicalize_name(r.name), set(r.extras)) for r in direct]
    seen: set[tuple[str, frozenset[str]]] = set()
    problems = []
    while pending:
        name, wanted = pending.pop()
        if (name, frozenset(wanted)) in seen:
            continue
        seen.add((name, frozenset(wanted)))
        extras.setdefault(name, set()).update(wanted)
        if name not in locked:
            problems.append(f"{name} is required but not locked")
            continue
        for requirement in installed_requirements(name, extras[name]):
            dependency = canonicalize_name(requirement.name)
            if dependency not in locked:
                problems.append(f"{name} requires {requirement}, which is not locked")
            elif not requirement.specifier.contains(locked[dependency], prereleases=True):
                problems.append(f"{name} requires {requirement}, locked {locked[dependency]}")
            else:
                pending.append((dependency, set(requirement.extras)))
    assert not problems, f"{lock_name}: {sorted(set(problems))}; {FIX}"
