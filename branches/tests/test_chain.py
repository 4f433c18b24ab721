"""The hash chain's pure rules (branches.chain): a whole chain verifies, and any edit, deletion,
insertion, reordering or cut at the end is reported at the first row it damages."""

import datetime
import decimal

from hypothesis import given
from hypothesis import strategies as st

from branches import chain

contents = st.fixed_dictionaries({
    "id": st.integers(min_value=1, max_value=10**6),
    "text": st.text(max_size=20),
    "flag": st.booleans(),
    "data": st.none() | st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3),
})


def build(rows):
    sealed = chain.extend(chain.GENESIS, 0, rows)
    links = [chain.Link(p, prev, h, row, f"row {p}") for row, (p, prev, h) in zip(rows, sealed)]
    head = (sealed[-1][0], sealed[-1][2]) if sealed else None
    return links, head


def test_canonical_is_stable_and_spells_values_one_way():
    moment = datetime.datetime(2025, 3, 1, 8, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    assert chain.canonical({"b": 1, "a": "Đảng bộ"}) == '{"a":"Đảng bộ","b":1}'
    assert chain.canonical({"at": moment}) == '{"at":"2025-03-01T01:30:00+00:00"}'
    assert chain.canonical({"d": datetime.date(2025, 3, 1), "n": decimal.Decimal("1.50")}) == '{"d":"2025-03-01","n":"1.50"}'


def test_the_seal_depends_on_the_previous_seal_the_position_and_every_value():
    base = chain.link_hash(chain.GENESIS, 1, {"a": 1})
    assert len(base) == 64 and base == chain.link_hash(chain.GENESIS, 1, {"a": 1})
    assert base != chain.link_hash("1" * 64, 1, {"a": 1})
    assert base != chain.link_hash(chain.GENESIS, 2, {"a": 1})
    assert base != chain.link_hash(chain.GENESIS, 1, {"a": "1"})
    assert base != chain.link_hash(chain.GENESIS, 1, {"a": 1, "b": None})


@given(st.lists(contents, max_size=12))
def test_a_chain_as_sealed_is_whole(rows):
    links, head = build(rows)
    assert chain.first_break(links, head=head) is None


@given(st.lists(contents, min_size=1, max_size=12), st.data())
def test_editing_any_value_of_any_row_is_found_at_that_row(rows, data):
    links, head = build(rows)
    at = data.draw(st.integers(0, len(links) - 1))
    name = data.draw(st.sampled_from(sorted(links[at].content)))
    changed = {**links[at].content, name: data.draw(contents)[name]}
    if changed == links[at].content:
        changed[name] = ["changed"]
    links[at] = chain.Link(links[at].position, links[at].previous_hash, links[at].hash, changed, links[at].label)
    found = chain.first_break(links, head=head)
    assert (found.kind, found.position) == (chain.EDITED, at + 1)


@given(st.lists(contents, min_size=1, max_size=12), st.data())
def test_deleting_a_row_is_found_where_it_was(rows, data):
    links, head = build(rows)
    at = data.draw(st.integers(0, len(links) - 1))
    del links[at]
    found = chain.first_break(links, head=head)
    assert (found.kind, found.position) == (chain.DELETED, at + 1)


@given(st.lists(contents, min_size=1, max_size=12), st.data())
def test_deleting_the_head_too_still_shows_the_cut_end(rows, data):
    links, head = build(rows)
    keep = data.draw(st.integers(0, len(links) - 1))
    found = chain.first_break(links[:keep], head=head)
    assert (found.kind, found.position) == (chain.DELETED, keep + 1)


@given(st.lists(contents, min_size=1, max_size=12), contents, st.data())
def test_inserting_a_row_is_found_where_it_went(rows, extra, data):
    links, head = build(rows)
    at = data.draw(st.integers(0, len(links)))
    # A forger who knows the recipe seals the new row after its predecessor and renumbers.
    extra = {**extra, "id": 0}  # ids are unique: no row is sealed twice with the same content
    previous = links[at - 1].hash if at else chain.GENESIS
    forged = chain.Link(at + 1, previous, chain.link_hash(previous, at + 1, extra), extra, "forged")
    shifted = [chain.Link(link.position + 1, link.previous_hash, link.hash, link.content, link.label) for link in links[at:]]
    found = chain.first_break([*links[:at], forged, *shifted], head=head)
    if at == len(links):  # appended: only the head knows
        assert (found.kind, found.position) == (chain.INSERTED, at + 1)
    else:  # the next row no longer links to the row before it, nor is at its sealed position
        assert found.position == at + 2 and found.kind in {chain.INSERTED, chain.EDITED}


@given(st.lists(contents, min_size=2, max_size=12), st.data())
def test_swapping_two_rows_is_found_at_the_first(rows, data):
    links, head = build(rows)
    i = data.draw(st.integers(0, len(links) - 2))
    j = data.draw(st.integers(i + 1, len(links) - 1))
    swapped = list(links)
    # Rows keep their seals but trade places (positions renumbered to look whole).
    swapped[i], swapped[j] = links[j], links[i]
    swapped = [chain.Link(n + 1, link.previous_hash, link.hash, link.content, link.label) for n, link in enumerate(swapped)]
    found = chain.first_break(swapped, head=head)
    assert found.position == i + 1 and found.kind in {chain.REORDERED, chain.INSERTED}


def test_a_row_moved_after_another_is_named_reordered():
    links, head = build([{"n": n} for n in range(4)])
    moved = [links[0], links[2], links[1], links[3]]
    moved = [chain.Link(n + 1, link.previous_hash, link.hash, link.content, link.label) for n, link in enumerate(moved)]
    found = chain.first_break(moved, head=head)
    assert (found.kind, found.position, found.label) == (chain.REORDERED, 2, "row 3")


def test_unsealed_rows_are_inserted_rows_and_a_sealed_chain_needs_its_head():
    links, head = build([{"n": 1}])
    assert chain.first_break(links, head=head, unsealed=["row x"]) == chain.Break(chain.INSERTED, None, "row x", "it carries no seal")
    assert chain.first_break(links, head=None).kind == chain.INSERTED
    assert chain.first_break([], head=None) is None


OPERATIONS = st.sampled_from(["edit", "delete", "insert", "swap", "cut", "none"])


@given(st.lists(contents, min_size=2, max_size=10), st.lists(st.tuples(OPERATIONS, st.integers(0, 100)), max_size=4))
def test_any_sequence_of_tampering_is_found_and_only_tampering(rows, operations):
    links, head = build(rows)
    original = list(links)
    for operation, n in operations:
        if not links:
            break
        at = n % len(links)
        if operation == "edit":
            link = links[at]
            links[at] = chain.Link(link.position, link.previous_hash, link.hash, {**link.content, "text": "sửa"}, link.label)
        elif operation == "delete":
            del links[at]
        elif operation == "insert":
            links.insert(at, chain.Link(at + 1, chain.GENESIS, chain.GENESIS, {"id": 0}, "new"))
        elif operation == "swap" and len(links) > 1:
            other = (at + 1) % len(links)
            links[at], links[other] = links[other], links[at]
        elif operation == "cut":
            links = links[:at]
    found = chain.first_break(links, head=head)
    assert (found is None) == (links == original)
