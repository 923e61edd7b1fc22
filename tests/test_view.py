from __future__ import annotations

from cvgen.document.items import EntryItem, PublicationItem, normalise_name
from cvgen.document.variants import BUILTIN, resolve
from cvgen.document.view import build_view
from cvgen.profile.model import Profile, Variant

PROFILE = Profile.model_validate({
    "owner": {"name": "Kai Yi", "aliases": ["K. Yi"]},
    "summary": "Long summary.", "short_summary": "Short summary.", "research_interests": ["Pruning"],
    "experience": [{"organization": "Lab", "role": "Intern", "start": 2021, "highlights": ["Did it."],
                    "publications": ["o"]}],
    "publications": [
        {"key": "h", "authors": ["K. Yi", "B"], "title": "H", "venue": "V", "year": 2024, "highlight": True},
        {"key": "o", "authors": ["B"], "title": "O", "venue": "V", "year": 2025},
    ]})


def test_owner_is_recognised_through_aliases_and_accents():
    assert normalise_name("K. Yi") == normalise_name("k yi")
    assert normalise_name("Peter Richtárik") == normalise_name("Peter Richtarik")


def test_resume_view_lists_only_highlighted_papers_and_counts_the_rest():
    view = build_view(PROFILE, BUILTIN["short"])
    [section] = [s for s in view.sections if s.key.endswith("publications")]
    assert [p.key for p in section.items if isinstance(p, PublicationItem)] == ["h"]
    assert [a.is_owner for a in section.items[0].authors] == [True, False]  # type: ignore[attr-defined]
    assert section.footnotes == ("1 further publication is listed in the full CV.",)
    long_view = build_view(PROFILE, BUILTIN["long"])
    assert [(s.key, [p.number for p in s.items]) for s in long_view.sections if s.partial == "publications"] == [
        ("highlighted_publications", [1]), ("other_publications", [2])]  # type: ignore[attr-defined]


def test_an_experience_cites_the_numbers_its_papers_have_in_this_document():
    [job] = [s for s in build_view(PROFILE, BUILTIN["long"]).sections if s.key == "experience"][0].items
    assert isinstance(job, EntryItem)
    assert "".join(span.text for span in job.bullets[-1]) == "Did it.\u00a0[2]"  # never alone on a line
    [job] = [s for s in build_view(PROFILE, BUILTIN["short"]).sections if s.key == "experience"][0].items
    assert "".join(span.text for span in job.bullets[-1]) == "Did it."  # [2] is not in the résumé


def test_a_variant_based_on_long_keeps_the_research_interests():
    """Behaviour follows a variant's fields, never its name (a bug once: only 'long' showed them)."""
    based_on_long = resolve("grant", Variant(based_on="long"))
    summary = [s for s in build_view(PROFILE, based_on_long).sections if s.key == "summary"][0]
    assert [getattr(item, "heading", None) for item in summary.items] == [None, "Research interests"]


def test_the_summary_a_variant_prints_is_its_own_field():
    profile = Profile.model_validate({**PROFILE.model_dump(exclude_none=True),
                                      "variants": {"onepager": {"based_on": "long", "summary": "short_summary"},
                                                   "list": {"based_on": "short", "summary": "summary",
                                                            "publications": "highlighted"}}})
    from cvgen.document.variants import declared

    variants = declared(profile)
    texts = {name: "".join(span.text for span in build_view(profile, variants[name]).sections[0].items[0].paragraphs[0])
             for name in ("onepager", "list")}  # type: ignore[attr-defined]
    assert texts == {"onepager": "Short summary.", "list": "Long summary."}


def test_headings_come_from_the_catalog_the_profile_and_the_variant():
    profile = Profile.model_validate({**PROFILE.model_dump(exclude_none=True), "titles": {"experience": "Work"},
                                      "variants": {"publications": {"titles": {"other_publications": "More"}},
                                                   "short": {"titles": {"experience": "Jobs"}}}})
    from cvgen.document.variants import declared

    variants = declared(profile)
    headings = {name: [s.title for s in build_view(profile, variants[name]).sections] for name in variants}
    assert headings["long"] == ["Summary", "Highlighted Publications", "Work", "Other Publications"]
    assert headings["short"] == ["Summary", "Jobs", "Highlighted Publications"]
    assert headings["publications"] == ["Highlighted Publications", "More"]
    assert build_view(profile, variants["publications"]).title == "Publications"


FIELDS_WITH_A_HOME = Profile.model_validate({
    "owner": {"name": "Asha Rao"}, "language": "de",
    "contact": {"location": "Bengaluru", "country_code": "IN",
                "links": [{"label": "GitHub", "url": "https://github.com/asha", "username": "asha"}]},
    "education": [{"institution": "IIT Madras", "degree": "B.Tech", "start": 2019, "score": "9.1/10",
                   "courses": ["Algorithms", "Compilers"], "url": "https://iitm.ac.in"}],
    "experience": [{"organization": "Acme", "role": "Engineer", "start": 2023, "url": "https://acme.example.com",
                    "summary": "Built **payments**.", "highlights": ["Cut latency"]}],
    "awards": [{"name": "Gold Medal", "awarder": "IIT Madras", "start": 2023}],
    "skills": [{"category": "Web", "level": "Expert", "items": ["HTML", "CSS"]}],
    "hobbies": ["Chess"], "interests": [{"name": "Music", "keywords": ["Choir", "Piano"]}, {"name": "Hiking"}]})


def _texts(view, key):
    from cvgen.document.items import LineItem, TextItem
    from cvgen.richtext import text_of

    [section] = [section for section in view.sections if section.key == key]
    out = []
    for item in section.items:
        if isinstance(item, EntryItem):
            out.append([text_of(item.title), text_of(item.subtitle), *map(text_of, item.details),
                        *map(text_of, item.bullets)])
        elif isinstance(item, LineItem):
            out.append([item.heading, text_of(item.text)])
        elif isinstance(item, TextItem):
            out.append([text_of(paragraph) for paragraph in item.paragraphs])
    return out


def test_the_fields_with_a_home_are_printed_where_a_reader_looks_in_the_documents_language():
    long = build_view(FIELDS_WITH_A_HOME, BUILTIN["long"])
    assert long.contact[0] == ("Bengaluru, Indien", None)  # the country's name, by CLDR, in German
    assert _texts(long, "education") == [["IIT Madras", "B.Tech, iitm.ac.in", "Note: 9.1/10",
                                          "Kurse: Algorithms, Compilers"]]
    assert _texts(long, "experience") == [["Acme", "Engineer, acme.example.com", "Built payments.", "Cut latency"]]
    assert _texts(long, "awards") == [["Gold Medal", "IIT Madras"]]
    assert _texts(long, "additional") == [["Web (Expert)", "HTML, CSS"], ["Hobbys", "Chess, Hiking"],
                                          ["Music", "Choir, Piano"]]
    short = build_view(FIELDS_WITH_A_HOME, BUILTIN["short"])  # compact: grade and courses are bullets
    assert _texts(short, "education") == [["IIT Madras", "B.Tech, iitm.ac.in", "Note: 9.1/10",
                                           "Kurse: Algorithms, Compilers"]]
    split = build_view(FIELDS_WITH_A_HOME, resolve("split", Variant(sections=["skills", "hobbies"])))
    assert _texts(split, "skills") == [["Web (Expert)", "HTML, CSS"]]
    assert _texts(split, "hobbies") == [["Chess, Hiking"], ["Music: Choir, Piano"]]


def test_a_location_that_names_its_country_is_not_given_it_twice():
    profile = FIELDS_WITH_A_HOME.model_copy(update={"contact": FIELDS_WITH_A_HOME.contact.model_copy(
        update={"location": "Pune, India"})})
    assert build_view(profile, BUILTIN["long"]).contact[0] == ("Pune, India", None)


def _footnotes(profile: Profile, name: str, omit: frozenset = frozenset()) -> list[str]:
    from cvgen.document.variants import declared

    view = build_view(profile, declared(profile)[name], omit=omit)
    return [note for section in view.sections for note in section.footnotes]


FIVE = Profile.model_validate({
    "owner": {"name": "Kai Yi"},
    "publications": [{"key": f"p{index}", "authors": ["Kai Yi"], "title": f"P{index}", "venue": "V",
                      "year": 2020 + index, "highlight": index == 0, "tags": ["bio"] if index == 3 else ["ml"],
                      "status": "preprint" if index == 4 else "published"}
                     for index in range(5)],
    "variants": {
        "published": {"based_on": "short", "status": ["published"]},
        "ml": {"tags": ["ml"]},
        "two": {"limits": {"other_publications": 2}, "status": ["published"]},
        "grant": {"based_on": "short", "further_publications": False},
        "long": {"exclude_tags": ["bio"]}}})  # the full CV lists p0, p1, p2, p4


def test_further_publications_counts_only_papers_the_full_cv_lists_and_this_document_cut():
    """Cut by selection (highlighted only), by `limits` or to fit: counted, when the full CV lists them. Left
    out on purpose (tags, status, years): never counted. Turned off by `further_publications: false`."""
    assert _footnotes(FIVE, "short") == ["3 further publications are listed in the full CV."]  # p1, p2, p4
    assert _footnotes(FIVE, "published") == ["2 further publications are listed in the full CV."]  # not p4
    assert _footnotes(FIVE, "ml") == []  # its tags leave out p3, which the full CV does not list either
    assert _footnotes(FIVE, "two") == ["1 further publication is listed in the full CV."]  # p3, p2 listed; p1 cut
    assert _footnotes(FIVE, "grant") == []
    assert _footnotes(FIVE, "long") == []  # the full CV itself
    assert _footnotes(FIVE, "published", omit=frozenset({("publications", "p0")})) == []  # nothing left to list
    assert _footnotes(FIVE, "two", omit=frozenset({("publications", "p3")})) == [
        "1 further publication is listed in the full CV."]  # p3 is not in the full CV: not counted when cut
    assert _footnotes(FIVE, "two", omit=frozenset({("publications", "p0")})) == [
        "2 further publications are listed in the full CV."]  # left out to fit the page
