"""Duplicate customers and products: behaviour on small hand-made lists.

Lists under 200 rows take the deterministic rule; the generated 300-row list below takes
the Splink model. Expected clusters come from how the rows were made, never from a run.
"""

from __future__ import annotations

import itertools
import random

import polars as pl
import pytest

from rung.engine.quality.dedupe import (
    PEOPLE_FIELDS,
    PRODUCT_FIELDS,
    dedupe_people,
    dedupe_products,
    link_people,
    link_products,
)
from rung.engine.quality.dedupe_people import MIN_ROWS_FOR_MODEL


def same(frame: pl.DataFrame, a: int, b: int) -> bool:
    ids = frame.get_column("cluster_id")
    return bool(ids[a] == ids[b])


def check_shape(before: pl.DataFrame, after: pl.DataFrame) -> None:
    """Input unchanged, in order, plus the two columns with their promised types and values."""
    assert after.height == before.height
    assert after.drop("cluster_id", "match_confidence").equals(before)
    assert after.schema["cluster_id"] == pl.Int64
    assert after.schema["match_confidence"] == pl.Float64
    ids = after.get_column("cluster_id").to_list()
    first_seen = list(dict.fromkeys(ids))
    assert first_seen == list(range(len(first_seen)))  # consecutive, in order of first appearance
    sizes = after.group_by("cluster_id").len()
    alone = set(sizes.filter(pl.col("len") == 1).get_column("cluster_id").to_list())
    for cluster, confidence in zip(ids, after.get_column("match_confidence").to_list(), strict=True):
        if cluster in alone:
            assert confidence is None
        else:
            assert confidence is not None and 0 <= confidence <= 1


# ------------------------------------------------------------------ people, small lists (the rule)


def test_typo_in_name_with_the_same_email_is_one_customer() -> None:
    df = pl.DataFrame(
        {
            "name": ["Jonathan Smith", "Maria Garcia", "Jonathon Smith", "Peter Brown"],
            "email": ["jon.smith@example.com", "maria@example.org", " Jon.Smith@Example.com ", None],
            "phone": [None, "0612345678", None, "0687654321"],
        }
    )
    out = dedupe_people(df)
    check_shape(df, out)
    assert same(out, 0, 2)
    assert not same(out, 0, 1) and not same(out, 0, 3) and not same(out, 1, 3)


def test_household_members_with_a_common_surname_stay_apart() -> None:
    df = pl.DataFrame(
        {
            "name": ["Jan de Vries", "Anna de Vries", "Piet de Vries", "J. de Vries"],
            "address": ["Kerkstraat 12", "Kerkstraat 12", "Molenweg 3", "Kerkstraat 12"],
            "postal_code": ["1234 AB", "1234AB", "5678 CD", "1234 ab"],
            "phone": ["0611111111", "0622222222", "0633333333", "+31 6 1111 1111"],
        }
    )
    out = dedupe_people(df)
    assert not same(out, 0, 1) and not same(out, 0, 2) and not same(out, 1, 2)
    assert same(out, 0, 3)  # the initial matches Jan, and the phone is his


def test_name_order_accents_and_phone_formats() -> None:
    df = pl.DataFrame(
        {
            "name": ["Jansen, Piet", "piet JANSEN", "Jürgen Müller", "Juergen Mueller", "Jurgen Muller"],
            "phone": ["+31 6 1234 5678", "06-12345678", "+49 171 2345678", "0171 2345678", None],
            "city": ["Utrecht", "utrecht", "Köln", "Koeln", None],
            "email": [None, None, None, None, "j.muller@example.de"],
            "country": ["NL", "NL", "DE", "DE", "DE"],
        }
    )
    out = dedupe_people(df)
    check_shape(df, out)
    assert same(out, 0, 1)
    assert same(out, 2, 3)
    assert not same(out, 0, 2)
    assert not same(out, 2, 4)  # same name, but no e-mail, phone or place in common


def test_other_columns_are_kept_and_missing_fields_are_unknown() -> None:
    df = pl.DataFrame(
        {
            "customer_id": [7, 8, 9],
            "name": ["Ann Lee", None, "Ann Lee"],
            "email": ["ann@example.com", "ann@example.com", "ANN@example.com"],
            "notes": ["vip", None, "x"],
        }
    )
    out = dedupe_people(df)
    check_shape(df, out)
    assert same(out, 0, 1) and same(out, 0, 2)  # no name is unknown, not different


def test_shared_family_email_with_different_names_stays_apart() -> None:
    df = pl.DataFrame(
        {
            "name": ["Jan Jansen", "Anna Jansen", "Jan Jansen"],
            "email": ["fam.jansen@example.nl", "fam.jansen@example.nl", "FAM.JANSEN@example.nl"],
        }
    )
    out = dedupe_people(df)
    assert same(out, 0, 2) and not same(out, 0, 1)


@pytest.mark.parametrize("rows", [0, 1, 2])
def test_tiny_lists(rows: int) -> None:
    df = pl.DataFrame({"name": ["Ann Lee", "Bob Ray"][:rows], "email": ["a@x.nl", "b@x.nl"][:rows]})
    out = dedupe_people(df)
    check_shape(df, out)
    assert out.get_column("cluster_id").to_list() == list(range(rows))


def test_frames_without_any_known_field_or_only_nulls() -> None:
    nothing = pl.DataFrame({"colour": ["red", "red"]})
    check_shape(nothing, dedupe_people(nothing))
    nulls = pl.DataFrame(
        {"name": [None, None, None], "email": [None, None, None]},
        schema=dict.fromkeys(("name", "email"), pl.String),
    )
    out = dedupe_people(nulls)
    check_shape(nulls, out)
    assert out.get_column("cluster_id").to_list() == [0, 1, 2]
    empty = pl.DataFrame(schema=dict.fromkeys(PEOPLE_FIELDS, pl.String))
    check_shape(empty, dedupe_people(empty))


def test_link_people_shares_cluster_ids_across_the_two_lists() -> None:
    shop = pl.DataFrame(
        {"name": ["Ann Lee", "Bob Ray", "Cy Twombly"], "email": ["ann@x.nl", "bob@x.nl", None]}
    )
    webshop = pl.DataFrame(
        {"name": ["Bob  Ray", "Dee Dee", "ann lee"], "email": ["BOB@x.nl", "dee@x.nl", "ann@x.nl"]}
    )
    left, right = link_people(shop, webshop)
    check_shape(pl.concat([shop, webshop]), pl.concat([left, right]))  # ids run on from left to right
    lid, rid = left.get_column("cluster_id").to_list(), right.get_column("cluster_id").to_list()
    assert lid[0] == rid[2] and lid[1] == rid[0]
    assert rid[1] not in lid
    assert len(set(lid)) == 3  # no matching within a list


# ------------------------------------------------------------------ people, the model


def generated_customers(seed: int = 5) -> tuple[pl.DataFrame, list[int]]:
    """300 rows: 230 people, 50 re-typed duplicates of them, 20 household members (same
    surname and address as someone, own first name, phone and e-mail)."""
    rng = random.Random(seed)
    firsts = ["anna", "bram", "carla", "daan", "eva", "femke", "gijs", "hanna", "ivo", "julia", "kees"]
    firsts += ["lotte", "milan", "noor", "otto", "pien", "ruud", "sanne", "tim", "vera"]
    lasts = ["jansen", "bakker", "visser", "smit", "meijer", "mulder", "bos", "vos", "peters", "dekker"]
    lasts += ["brouwer", "kok", "maas", "koster", "prins", "blom", "postma", "kuipers"]
    streets = ["kerkstraat", "molenweg", "dorpsstraat", "schoolstraat", "stationsweg", "parklaan"]
    cities = ["utrecht", "amersfoort", "zeist", "houten", "nieuwegein"]
    pairs = rng.sample(list(itertools.product(firsts, lasts)), 230)
    people = []
    for k, (first, last) in enumerate(pairs):
        people.append(
            {
                "name": f"{first.title()} {last.title()}",
                "email": f"{first}.{last}{k}@example.nl",
                "phone": f"06{rng.randint(10000000, 99999999)}",
                "address": f"{rng.choice(streets).title()} {rng.randint(1, 200)}",
                "postal_code": f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGH')}{rng.choice('KLMNPRST')}",
                "city": rng.choice(cities).title(),
            }
        )
    rows = [dict(p) for p in people]
    truth = list(range(len(people)))
    for k in rng.sample(range(len(people)), 50):
        p = dict(people[k])
        first, last = p["name"].split()
        change = rng.randrange(4)
        if change == 0:
            p["name"] = f"{last}, {first}"
            p["phone"] = f"+31 6 {p['phone'][2:6]} {p['phone'][6:]}"
        elif change == 1:
            p["name"] = first[:2] + first[3:] + " " + last if len(first) > 3 else first + " " + last + "s"
            p["email"] = p["email"].upper()
        elif change == 2:
            p["name"] = f"{first[0]}. {last}"
            p["address"] = p["address"].replace("straat", "str.")
        else:
            p["name"] = p["name"].upper()
            p["email"] = None
        rows.append(p)
        truth.append(k)
    for k in rng.sample(range(len(people)), 20):
        p = dict(people[k])
        last = p["name"].split()[1]
        other = rng.choice([f for f in firsts if f.title() != p["name"].split()[0]])
        p.update(name=f"{other.title()} {last}", email=f"{other}.{last.lower()}.h{k}@example.nl")
        p["phone"] = f"06{rng.randint(10000000, 99999999)}"
        rows.append(p)
        truth.append(1000 + k)
    order = list(range(len(rows)))
    rng.shuffle(order)
    return pl.DataFrame([rows[i] for i in order]), [truth[i] for i in order]


def pair_set(labels: list[int]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    return {pair for members in groups.values() for pair in itertools.combinations(members, 2)}


def test_model_finds_retyped_customers_and_keeps_households_apart(capsys: pytest.CaptureFixture[str]) -> None:
    df, truth = generated_customers()
    assert df.height >= MIN_ROWS_FOR_MODEL  # this list is scored by the Splink model
    out = dedupe_people(df)
    assert capsys.readouterr().out == ""  # Splink's logging stays quiet
    check_shape(df, out)
    found, true = pair_set(out.get_column("cluster_id").to_list()), pair_set(truth)
    assert len(found & true) / len(true) >= 0.9
    assert len(found & true) / len(found) >= 0.95
    household = [
        (a, b) for a, b in pair_set([t % 1000 for t in truth]) if (truth[a] >= 1000) != (truth[b] >= 1000)
    ]
    assert household and not (set(household) & found)
    assert dedupe_people(df).equals(out)  # deterministic


# ------------------------------------------------------------------ products


def test_product_ids_differing_in_case_and_dashes_are_one_product() -> None:
    df = pl.DataFrame(
        {
            "product_id": ["85123A", "85123a", "85-123 A", "22423", None],
            "name": [
                "WHITE HANGING HEART T-LIGHT HOLDER",
                "white hanging heart",
                "Heart holder",
                "REGENCY CAKESTAND 3 TIER",
                None,
            ],
            "price": [2.55, 2.95, 2.55, 12.75, 1.0],
        }
    )
    out = dedupe_products(df)
    check_shape(df, out)
    assert same(out, 0, 1) and same(out, 0, 2)
    assert not same(out, 0, 3) and not same(out, 0, 4)
    assert out.get_column("match_confidence")[0] == 1.0


def test_barcodes_and_model_codes_match_and_variants_do_not() -> None:
    df = pl.DataFrame(
        {
            "name": [
                "Sony 46in BRAVIA LCD TV - KDL-46XBR6",
                "SONY Bravia KDL46XBR6 flat panel",
                "Sony 40in BRAVIA LCD TV - KDL-40XBR6",
                "Sanus Flat Panel Wall Mount - VM400S",
                "Sanus Flat Panel Wall Mount - VM400B",
                "Oat milk 1 litre",
                "Haver drink",
            ],
            "barcode": [None, None, None, None, None, "0 12345 67890 5", "123456789 0 5"],
        }
    )
    out = dedupe_products(df)
    check_shape(df, out)
    assert same(out, 0, 1)
    assert not same(out, 0, 2)
    assert not same(out, 3, 4)
    assert same(out, 5, 6)  # the UPC and the same code with a leading zero


def test_similar_titles_without_codes_match_on_words() -> None:
    df = pl.DataFrame(
        {
            "name": [
                "Sourdough loaf, large",
                "Large sourdough loaf",
                "Croissant",
                "Rye bread 500 g",
                "Rye bread 800 g",
            ],
            "category": ["bread", "bread", "pastry", "bread", "bread"],
        }
    )
    out = dedupe_products(df)
    assert same(out, 0, 1)
    assert not same(out, 0, 2)
    assert not same(out, 3, 4)  # a size is a different product


def test_link_products_one_to_one() -> None:
    supplier = pl.DataFrame(
        {
            "name": [
                "Linksys EtherFast 8-Port Switch - EZXS88W",
                "Netgear ProSafe 5 Port Switch - FS105",
                "Apple iPod nano 8GB",
            ]
        }
    )
    shop = pl.DataFrame(
        {
            "name": ["Netgear FS105NA ProSafe switch", "Linksys EZXS88W Ethernet Switch", "Garden hose 25 m"],
            "product_id": ["N-1", "L-1", "G-1"],
        }
    )
    left, right = link_products(supplier, shop)
    check_shape(pl.concat([supplier, shop], how="diagonal"), pl.concat([left, right], how="diagonal"))
    lid, rid = left.get_column("cluster_id").to_list(), right.get_column("cluster_id").to_list()
    assert lid[0] == rid[1] and lid[1] == rid[0]
    assert lid[2] not in rid and rid[2] not in lid
    assert right.get_column("match_confidence")[2] is None


@pytest.mark.parametrize("rows", [0, 1, 2])
def test_tiny_product_lists(rows: int) -> None:
    df = pl.DataFrame(
        {"product_id": ["A1", "B2"][:rows], "name": [None, "Tea"][:rows]},
        schema=dict.fromkeys(("product_id", "name"), pl.String),
    )
    out = dedupe_products(df)
    check_shape(df, out)
    assert out.get_column("cluster_id").to_list() == list(range(rows))
    left, right = link_products(df, pl.DataFrame(schema=dict.fromkeys(PRODUCT_FIELDS, pl.String)))
    assert left.height == rows and right.height == 0
