"""A province-sized tree for load tests and benchmarks (docs/benchmarks.md).

Writes straight to the tables, not through the services: paths are computed here (treebeard's
materialised path, steplen 4), rows go in with bulk_create, and the audit log is off, so that
600 organisations and 10,000 members take seconds. Deterministic for a given seed.
"""

import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import date

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, transaction

from branches.management.demo import DemoCommand
from branches.models import (
    CommitteeSeat,
    Member,
    Organization,
    OrganizationKind,
    Position,
    Role,
    RoleKind,
    Sector,
    Term,
)
from branches.people import make_person

TODAY = date(2025, 3, 1)  # the members as they stood before the 2025–2030 round
PREVIOUS_TERM = (2020, 2025)
BENCH_USERNAME = "bench"

DISTRICTS = ["Thái Hòa", "Đông Sơn", "Lam Kinh", "Hoằng Phúc", "Nghĩa Đàn", "Quỳnh Lưu", "Yên Thành",
             "Đức Thọ", "Can Lộc", "Thạch Hà", "Cẩm Xuyên", "Hương Khê", "Vũ Quang", "Kỳ Anh",
             "Hồng Lĩnh", "Nghi Xuân", "Lộc Hà", "Tân Kỳ", "Anh Sơn", "Con Cuông"]
BLOCS = [("Đảng bộ Khối các cơ quan tỉnh", Sector.AGENCY, "ĐUK"),
         ("Đảng bộ Khối doanh nghiệp tỉnh", Sector.ENTERPRISE, "ĐUK"),
         ("Đảng bộ Quân sự tỉnh", Sector.MILITARY, "ĐU"),
         ("Đảng bộ Công an tỉnh", Sector.POLICE, "ĐU")]
COMMUNE_NAMES = ["Tân Phúc", "Hòa Lộc", "Trung Tiến", "Quyền Hành", "Sơn Kim", "Đức Lạc", "Phú Gia",
                 "Xuân An", "Thạch Long", "Cẩm Bình", "Kỳ Phong", "Hương Trà", "An Dũng", "Mỹ Lộc",
                 "Bình Minh", "Thanh Lâm", "Vĩnh Yên", "Đồng Môn", "Gia Phố", "Phúc Trạch"]
AGENCY_UNITS = ["Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Sở Công Thương",
                "Sở Xây dựng", "Cục Thuế", "Kho bạc Nhà nước", "Bảo hiểm xã hội", "Sở Tư pháp",
                "Bệnh viện Đa khoa", "Trường Cao đẳng Kỹ thuật", "Đài Phát thanh – Truyền hình"]
ENTERPRISES = ["Công ty Điện lực", "VNPT", "Công ty Cấp nước", "Ngân hàng Nông nghiệp", "Công ty Môi trường",
               "Công ty Xăng dầu", "Công ty Cao su", "Viettel", "Công ty Xổ số", "Công ty Lâm nghiệp"]
SMALL_UNITS = ["Trường THPT", "Trung tâm Y tế", "Phòng Giáo dục", "Ngân hàng Chính sách xã hội",
               "Chi cục Thuế", "Trung tâm Văn hóa", "Ban Quản lý dự án", "Viện Kiểm sát", "Tòa án nhân dân"]
BRANCH_NAMES = {
    Sector.COMMUNE: ["Chi bộ thôn {n}", "Chi bộ tổ dân phố {n}", "Chi bộ Trường Tiểu học", "Chi bộ Trường Mầm non",
                     "Chi bộ Trạm Y tế", "Chi bộ Quân sự", "Chi bộ Công an", "Chi bộ Cơ quan"],
    Sector.AGENCY: ["Chi bộ Phòng {n}", "Chi bộ Văn phòng", "Chi bộ Nghiệp vụ {n}", "Chi bộ Thanh tra"],
    Sector.ENTERPRISE: ["Chi bộ Phân xưởng {n}", "Chi bộ Chi nhánh {n}", "Chi bộ Kinh doanh", "Chi bộ Kỹ thuật"],
    Sector.MILITARY: ["Chi bộ Đại đội {n}", "Chi bộ Ban Chỉ huy", "Chi bộ Tiểu đoàn {n}"],
    Sector.POLICE: ["Chi bộ Phòng {n}", "Chi bộ Công an phường {n}", "Chi bộ Đội {n}"],
}


@dataclass
class Node:
    name: str
    kind: str
    sector: str
    short_name: str
    place_name: str
    children: list["Node"] = field(default_factory=list)
    path: str = ""
    members: list[Member] = field(default_factory=list)
    pk: int | None = None


def step(position: int) -> str:
    """The path step of the `position`-th child (1-based): treebeard's base-36, steplen 4."""
    alphabet, digits = Organization.alphabet, ""
    while position:
        position, rest = divmod(position, len(alphabet))
        digits = alphabet[rest] + digits
    if len(digits) > Organization.steplen:
        raise CommandError("Too many siblings for the path step length.")
    return digits.rjust(Organization.steplen, alphabet[0])


def walk(node: Node):
    yield node
    for child in node.children:
        yield from walk(child)


def spread(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, exactly (largest remainders)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class Command(DemoCommand):
    help = "Generate a province-sized tree of organisations and members (benchmarks, load tests)."

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=600)
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--prefix", default="Tỉnh Thái Hòa", help='The province, e.g. "Tỉnh Hà Tĩnh".')
        parser.add_argument("--password", default="", help="For the user bench (default: a random one).")

    def handle(self, *args, organizations: int, members: int, seed: int, prefix: str, password: str, **options):
        if organizations < 12:
            raise CommandError("A province needs at least 12 organisations.")
        if members < organizations:
            raise CommandError("Give at least as many members as organisations.")
        rng = random.Random(seed)
        province = prefix.removeprefix("Tỉnh ").removeprefix("tỉnh ").strip() or prefix
        top_name = f"Đảng bộ tỉnh {province}"
        if Organization.objects.filter(depth=1, name=top_name).exists():
            raise CommandError(f"{top_name} already exists: choose another --prefix.")

        started = time.perf_counter()
        top = self._tree(rng, province, organizations)
        self._place(top)
        self._people(rng, top, members)
        planned = time.perf_counter()

        with transaction.atomic(), disable_auditlog():
            self._insert_organizations(top)
            inserted_orgs = time.perf_counter()
            self._insert_members(top)
            inserted_members = time.perf_counter()
            seats = self._insert_seats(rng, top)
            password = self._bench_user(top, password)
        if connection.vendor == "postgresql":
            # Fresh planner statistics: without them the first minutes after a bulk load run
            # on estimates made for empty tables (the member list took 9 ms instead of 0.3).
            with connection.cursor() as cursor:
                for model in (Organization, Member, CommitteeSeat):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        done = time.perf_counter()

        all_nodes = list(walk(top))
        self.stdout.write(self.style.SUCCESS(
            f"{top_name}: {len(all_nodes)} organisations, {sum(len(n.members) for n in all_nodes)} members, "
            f"{seats} committee seats ({PREVIOUS_TERM[0]}–{PREVIOUS_TERM[1]})."
        ))
        self.stdout.write(
            f"Timings: plan {planned - started:.2f} s, organisations {inserted_orgs - planned:.2f} s, "
            f"members {inserted_members - inserted_orgs:.2f} s, seats, user and statistics {done - inserted_members:.2f} s, "
            f"total {done - started:.2f} s."
        )
        self.stdout.write(f"Top organisation pk={top.pk}. Clerk login: {BENCH_USERNAME} / {password}"
                          if password else f"Top organisation pk={top.pk}. Clerk login: {BENCH_USERNAME} (password unchanged)")

    # The shape ------------------------------------------------------------------------------

    def _tree(self, rng: random.Random, province: str, total: int) -> Node:
        """One province committee; district and bloc superiors; under them grassroots committees
        (about 15% holding partial committees) and grassroots branches; branches at the bottom."""
        top = Node(f"Đảng bộ tỉnh {province}", OrganizationKind.SUPERIOR, Sector.OTHER, "TU", province)
        n_superiors = max(2, round(total / 50))
        rest = total - 1 - n_superiors
        n_grassroots = max(n_superiors, round(rest * 0.2))
        n_grassroots_branches = round(n_grassroots * 0.3)
        n_committees = n_grassroots - n_grassroots_branches
        n_partials = round(n_committees * 0.15)
        n_branches = rest - n_grassroots - n_partials
        if n_branches < n_committees + 2 * n_partials:
            raise CommandError("Too few organisations for this shape: give more.")

        blocs = BLOCS[: max(1, n_superiors // 4)]
        for i in range(n_superiors):
            if i < len(blocs):
                name, sector, short = blocs[i]
                top.children.append(Node(name, OrganizationKind.SUPERIOR, sector, short, province))
            else:
                place = DISTRICTS[(i - len(blocs)) % len(DISTRICTS)]
                suffix = "" if i - len(blocs) < len(DISTRICTS) else f" {i}"
                kind_word = rng.choice(["huyện", "huyện", "huyện", "thị xã", "thành phố"])
                short = {"huyện": "HU", "thị xã": "ThU", "thành phố": "TU"}[kind_word]
                top.children.append(Node(f"Đảng bộ {kind_word} {place}{suffix}", OrganizationKind.SUPERIOR,
                                         Sector.COMMUNE, short, place))
        superiors = top.children

        committees = []
        for i in range(n_committees):
            superior = superiors[i % len(superiors)]
            if superior.sector == Sector.COMMUNE:
                unit = f"{rng.choice(['xã', 'xã', 'phường', 'thị trấn'])} {rng.choice(COMMUNE_NAMES)}"
            elif superior.sector == Sector.ENTERPRISE:
                unit = rng.choice(ENTERPRISES)
            elif superior.sector == Sector.AGENCY:
                unit = rng.choice(AGENCY_UNITS)
            else:
                unit = f"{rng.choice(['Trung đoàn', 'Phòng', 'Ban'])} {i + 1}"
            place = unit.split(" ", 1)[-1] if superior.sector == Sector.COMMUNE else superior.place_name
            node = Node(f"Đảng bộ {unit}", OrganizationKind.GRASSROOTS_COMMITTEE, superior.sector, "ĐU", place)
            superior.children.append(node)
            committees.append(node)
        for i in range(n_grassroots_branches):
            superior = superiors[rng.randrange(len(superiors))]
            superior.children.append(Node(f"Chi bộ {rng.choice(SMALL_UNITS)}", OrganizationKind.GRASSROOTS_BRANCH,
                                          rng.choice([Sector.PUBLIC_SERVICE, Sector.SCHOOL, Sector.AGENCY]),
                                          "CB", superior.place_name))

        partials = []
        for committee in rng.sample(committees, n_partials):
            node = Node(f"Đảng bộ bộ phận {rng.choice(['Khối', 'Xóm', 'Phân xưởng'])} {len(partials) + 1}",
                        OrganizationKind.PARTIAL_COMMITTEE, committee.sector, "ĐUBP", committee.place_name)
            committee.children.append(node)
            partials.append(node)

        # Every committee holds at least one branch, every partial committee at least two.
        holders = committees + partials
        minimum = [1] * len(committees) + [2] * len(partials)
        extra = spread(n_branches - sum(minimum), [rng.uniform(0.3, 2.0) for _ in holders])
        for holder, count in zip(holders, (m + e for m, e in zip(minimum, extra))):
            patterns = BRANCH_NAMES.get(holder.sector, BRANCH_NAMES[Sector.AGENCY])
            for n in range(1, count + 1):
                pattern = rng.choice(patterns)
                name = pattern.format(n=n) if "{n}" in pattern else f"{pattern} {n}"
                sector = Sector.RESIDENTIAL if "thôn" in name or "tổ dân phố" in name else holder.sector
                holder.children.append(Node(name, OrganizationKind.BRANCH, sector, "CB", holder.place_name))
        return top

    def _place(self, top: Node) -> None:
        """Materialised paths: the new top goes after the existing tops."""
        last = Organization.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
        position = int(last, len(Organization.alphabet)) + 1 if last else 1
        top.path = step(position)
        for node in walk(top):
            for i, child in enumerate(node.children, start=1):
                child.path = node.path + step(i)

    def _people(self, rng: random.Random, top: Node, total: int) -> None:
        """Members sit in branches and grassroots branches, a few dozen each, unevenly."""
        holders = [n for n in walk(top) if n.kind in (OrganizationKind.BRANCH, OrganizationKind.GRASSROOTS_BRANCH)]
        counts = spread(total, [rng.uniform(0.4, 2.5) for _ in holders])
        card = int(top.path, len(Organization.alphabet)) * 10_000_000
        for holder, count in zip(holders, counts):
            minority = 0.3 if holder.sector == Sector.MILITARY else 0.05
            for _ in range(count):
                card += 1
                person = make_person(rng, today=TODAY, minority_share=minority)
                member = Member(**vars(person), party_card_number=f"{card:011d}")
                member.refresh_name_keys()
                holder.members.append(member)

    # The writes -----------------------------------------------------------------------------

    def _insert_organizations(self, top: Node) -> None:
        nodes = list(walk(top))
        Organization.objects.bulk_create(
            [
                Organization(
                    path=n.path, depth=len(n.path) // Organization.steplen, numchild=len(n.children),
                    name=n.name, kind=n.kind, sector=n.sector, short_name=n.short_name, place_name=n.place_name,
                )
                for n in nodes
            ],
            batch_size=500,
        )
        # Read the keys back by path: not every backend returns them from a bulk insert.
        pks = dict(Organization.objects.filter(path__startswith=top.path).values_list("path", "pk"))
        for n in nodes:
            n.pk = pks[n.path]

    def _insert_members(self, top: Node) -> None:
        rows = []
        for node in walk(top):
            for member in node.members:
                member.organization_id = node.pk
                rows.append(member)
        Member.objects.bulk_create(rows, batch_size=1000)
        if rows and rows[0].pk is None:
            pks = dict(Member.objects.filter(organization__path__startswith=top.path)
                       .values_list("party_card_number", "pk"))
            for member in rows:
                member.pk = pks[member.party_card_number]

    def _insert_seats(self, rng: random.Random, top: Node) -> int:
        """The previous term's committees: a secretary, deputies and members drawn from the
        official members of each organisation's subtree."""
        term, _ = Term.objects.get_or_create(start_year=PREVIOUS_TERM[0], end_year=PREVIOUS_TERM[1])
        size_by_kind = {
            OrganizationKind.SUPERIOR: 13,
            OrganizationKind.GRASSROOTS_COMMITTEE: 7,
            OrganizationKind.PARTIAL_COMMITTEE: 3,
            OrganizationKind.GRASSROOTS_BRANCH: 3,
        }
        seats = []
        for node in walk(top):
            officials = [m for n in walk(node) for m in n.members if (m.membership, m.situation) == ("official", "none")]
            size = size_by_kind.get(node.kind, 3 if len(officials) >= 9 else 2)
            if node is top:
                size = 15
            chosen = rng.sample(officials, min(size, len(officials)))
            deputies = 2 if size >= 7 else 1
            for index, member in enumerate(chosen):
                position = (Position.SECRETARY if index == 0
                            else Position.DEPUTY_SECRETARY if index <= deputies else Position.MEMBER)
                seats.append(CommitteeSeat(organization_id=node.pk, term=term, member_id=member.pk, position=position))
        CommitteeSeat.objects.bulk_create(seats, batch_size=1000)
        return len(seats)

    def _bench_user(self, top: Node, password: str) -> str:
        """The clerk the benchmark signs in as; returns the password if it was (re)set."""
        User = get_user_model()
        user, created = User.objects.get_or_create(username=BENCH_USERNAME,
                                                   defaults={"full_name": "Văn phòng (đo tải)"})
        if created or password:
            password = password or secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
        Role.objects.get_or_create(user=user, organization_id=top.pk, kind=RoleKind.CLERK)
        return password
