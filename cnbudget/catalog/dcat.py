"""DCAT-AP 3.0.1 records (rdflib): one dcat:Dataset per package with a dcat:Distribution
per resource and one for the zip, and a dcat:DatasetSeries for a department's packages of
one kind over the years. Checked against the DCAT-AP 3.0.1 SHACL shapes in the tests."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from cnbudget import standard
from cnbudget.catalog.record import FileInfo, Record, wording

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SHA256 = SPDX.checksumAlgorithm_sha256
DCAT3 = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 terms rdflib's DCAT lacks


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("skos", SKOS),
                       ("spdx", SPDX), ("vcard", VCARD), ("locn", LOCN), ("adms", ADMS)):
        g.bind(prefix, ns)
    return g


def dataset_iri(record: Record) -> URIRef:
    return URIRef(f"{record.landing}#dataset")


def series_iri(records: list[Record]) -> URIRef:
    return URIRef(f"{records[0].base_url}series/{records[0].series_key}/#series")


def _bilingual(g: Graph, node: URIRef | BNode, prop: URIRef, zh: str, en: str) -> None:
    g.add((node, prop, Literal(zh, lang="zh")))
    g.add((node, prop, Literal(en, lang="en")))


def _typed(g: Graph, node: URIRef | BNode, *classes: URIRef) -> URIRef | BNode:
    for c in classes:
        g.add((node, RDF.type, c))
    return node


def _publisher(g: Graph, record: Record) -> URIRef:
    pub = record.publisher
    node = URIRef(f"{record.base_url}agent/{pub['region_code']}-{pub['department_code']}"
                  "#agent")
    _typed(g, node, FOAF.Agent, FOAF.Organization)
    g.add((node, FOAF.name, Literal(pub["department_name"], lang="zh")))
    g.add((node, DCTERMS.identifier, Literal(f"{pub['region_code']}-{pub['department_code']}")))
    kind = wording()["publisher_type"].get(pub.get("region_level", ""))
    if kind:
        concept = URIRef(kind["iri"])
        g.add((node, DCTERMS.type, _typed(g, concept, SKOS.Concept)))
        _bilingual(g, concept, SKOS.prefLabel, kind["zh"], kind["en"])
    return node


def _location(g: Graph, record: Record) -> BNode:
    pub = record.publisher
    node = _typed(g, BNode(f"loc{pub['region_code']}"), DCTERMS.Location)
    assert isinstance(node, BNode)
    g.add((node, SKOS.prefLabel, Literal(pub.get("region_name") or pub["region_code"],
                                         lang="zh")))
    g.add((node, DCTERMS.identifier, Literal(pub["region_code"])))
    g.add((node, SKOS.notation, Literal(pub["region_code"])))
    g.add((node, LOCN.geographicName, Literal(
        f"{pub.get('province') or ''}{pub.get('region_name') or ''}"
        if pub.get("province") != pub.get("region_name") else pub.get("region_name") or "",
        lang="zh")))
    return node


def _period(g: Graph, first: int, last: int) -> BNode:
    node = BNode(f"period{first}-{last}")
    _typed(g, node, DCTERMS.PeriodOfTime)
    g.add((node, DCAT.startDate, Literal(f"{first}-01-01", datatype=XSD.date)))
    g.add((node, DCAT.endDate, Literal(f"{last}-12-31", datatype=XSD.date)))
    return node


def _licence(g: Graph, record: Record) -> URIRef | BNode:
    lic = record.licence
    node: URIRef | BNode = URIRef(lic["path"]) if str(lic.get("path", "")).startswith(
        ("http://", "https://")) else BNode(f"licence-{lic.get('name', 'unstated')}")
    _typed(g, node, DCTERMS.LicenseDocument)
    _bilingual(g, node, RDFS.label, record.licence_label("zh"), record.licence_label("en"))
    return node


def _standard(g: Graph) -> list[URIRef]:
    out = []
    for iri, label in ((standard.profile_id(), standard.standard()["title"]),
                       (standard.datapackage_profile(), "Data Package v2")):
        node = URIRef(iri)
        _typed(g, node, DCTERMS.Standard)
        g.add((node, RDFS.label, Literal(label)))
        out.append(node)
    return out


def _contact(g: Graph, record: Record) -> BNode:
    pub = record.publisher
    node = BNode(f"contact{pub['region_code']}-{pub['department_code']}")
    _typed(g, node, VCARD.Kind, VCARD.Organization)
    g.add((node, VCARD.fn, Literal(pub["department_name"], lang="zh")))
    url = record.descriptor["source"].get("url")
    if url:
        g.add((node, VCARD.hasURL, URIRef(url)))
    return node


def _media(g: Graph, media_type: str) -> tuple[URIRef, URIRef | None]:
    w = wording()
    mt = URIRef(w["media_type_base"] + media_type)
    _typed(g, mt, DCTERMS.MediaType)
    ft = w["file_type"].get(media_type)
    fmt = None
    if ft:
        fmt = URIRef(ft)
        _typed(g, fmt, DCTERMS.MediaTypeOrExtent)
    return mt, fmt


def _distribution(g: Graph, record: Record, info: FileInfo, licence: URIRef | BNode,
                  title_zh: str, title_en: str) -> URIRef:
    node = URIRef(f"{record.landing}#distribution-{info.resource or info.path}")
    _typed(g, node, DCAT.Distribution)
    url = URIRef(record.url(info.path))
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.downloadURL, url))
    _bilingual(g, node, DCTERMS.title, title_zh, title_en)
    mt, fmt = _media(g, info.media_type)
    g.add((node, DCAT.mediaType, mt))
    if fmt is not None:
        g.add((node, DCTERMS.format, fmt))
    g.add((node, DCAT.byteSize, Literal(info.size, datatype=XSD.nonNegativeInteger)))
    checksum = BNode(f"sha256-{info.sha256}")
    _typed(g, checksum, SPDX.Checksum)
    g.add((checksum, SPDX.algorithm, _typed(g, SHA256, SPDX.ChecksumAlgorithm)))
    g.add((checksum, SPDX.checksumValue, Literal(info.sha256, datatype=XSD.hexBinary)))
    g.add((node, SPDX.checksum, checksum))
    g.add((node, DCTERMS.license, licence))
    return node


def add_dataset(g: Graph, record: Record) -> URIRef:
    """Add the package's dcat:Dataset and its distributions to ``g``."""
    ds = dataset_iri(record)
    _typed(g, ds, DCAT.Dataset)
    _bilingual(g, ds, DCTERMS.title, record.text("title", "zh"), record.text("title", "en"))
    _bilingual(g, ds, DCTERMS.description, record.text("description", "zh"),
               record.text("description", "en"))
    g.add((ds, DCTERMS.identifier, Literal(record.id)))
    g.add((ds, DCTERMS.publisher, _publisher(g, record)))
    g.add((ds, DCTERMS.spatial, _location(g, record)))
    g.add((ds, DCTERMS.temporal, _period(g, record.year, record.year)))
    theme = URIRef(wording()["theme"])
    _typed(g, theme, SKOS.Concept)
    label = wording()["theme_label"]
    _bilingual(g, theme, SKOS.prefLabel, label["zh"], label["en"])
    g.add((ds, DCAT.theme, theme))
    for lang in ("zh", "en"):
        for kw in record.keywords(lang):
            g.add((ds, DCAT.keyword, Literal(kw, lang=lang)))
    for std in _standard(g):
        g.add((ds, DCTERMS.conformsTo, std))
    issued = Literal(record.issued, datatype=XSD.dateTime)
    g.add((ds, DCTERMS.issued, issued))
    g.add((ds, DCTERMS.modified, issued))
    g.add((ds, DCAT3.version, Literal(str(record.descriptor.get("version", "1.0.0")))))
    g.add((ds, DCAT.contactPoint, _contact(g, record)))
    lang = URIRef(wording()["language"])
    _typed(g, lang, DCTERMS.LinguisticSystem)
    g.add((ds, DCTERMS.language, lang))
    landing = URIRef(record.landing)
    _typed(g, landing, FOAF.Document)
    g.add((ds, DCAT.landingPage, landing))
    licence = _licence(g, record)
    for info in record.files:
        if info.resource is None:
            continue
        res = next(r for r in record.descriptor["resources"] if r["name"] == info.resource)
        std_title = standard.table_schema(info.resource)["title"] \
            if info.resource in standard.table_names() else info.title or info.resource
        zh = str(res.get("printed_title") or std_title)
        g.add((ds, DCAT.distribution,
               _distribution(g, record, info, licence, zh, f"{info.resource} (CSV)")))
    g.add((ds, DCAT.distribution, _distribution(
        g, record, record.zip, licence, f"{record.text('title', 'zh')}（zip）",
        f"{record.id}: the whole package (zip)")))
    files = record.descriptor["source"].get("files", [])
    gen = record.descriptor.get("generator", {})
    prov = BNode(f"provenance-{record.id}")
    _typed(g, prov, DCTERMS.ProvenanceStatement)
    g.add((prov, RDFS.label, Literal(
        f"Converted by {gen.get('name', 'cnbudget')} {gen.get('version', '')} from "
        + "; ".join(f"{f['name']} (SHA-256 {f['sha256']})" for f in files), lang="en")))
    g.add((ds, DCTERMS.provenance, prov))
    return ds


def add_series(g: Graph, records: list[Record]) -> URIRef:
    """A dcat:DatasetSeries of one department's packages of one kind (sorted by year); each
    dataset is dcat:inSeries it."""
    records = sorted(records, key=lambda r: r.year)
    first, last = records[0], records[-1]
    node = series_iri(records)
    _typed(g, node, DCAT3.DatasetSeries)
    extra = {"first": first.year, "last": last.year, "count": len(records)}
    _bilingual(g, node, DCTERMS.title, last.text("series_title", "zh"),
               last.text("series_title", "en"))
    _bilingual(g, node, DCTERMS.description, last.text("series_description", "zh", **extra),
               last.text("series_description", "en", **extra))
    g.add((node, DCTERMS.identifier, Literal(last.series_key)))
    g.add((node, DCTERMS.publisher, _publisher(g, last)))
    g.add((node, DCTERMS.spatial, _location(g, last)))
    g.add((node, DCTERMS.temporal, _period(g, first.year, last.year)))
    g.add((node, DCAT.contactPoint, _contact(g, last)))
    freq = URIRef("http://publications.europa.eu/resource/authority/frequency/ANNUAL")
    _typed(g, freq, DCTERMS.Frequency)
    g.add((node, DCTERMS.accrualPeriodicity, freq))
    for r in records:
        g.add((dataset_iri(r), DCAT3.inSeries, node))
    g.add((node, DCAT3.first, dataset_iri(first)))
    g.add((node, DCAT3.last, dataset_iri(last)))
    for a, b in pairwise(records):
        g.add((dataset_iri(b), DCAT3.prev, dataset_iri(a)))
    return node


def series_groups(records: Iterable[Record]) -> list[list[Record]]:
    """The records grouped by department and kind, groups of two or more years only."""
    groups: dict[str, list[Record]] = {}
    for r in records:
        groups.setdefault(r.series_key, []).append(r)
    return [sorted(v, key=lambda r: r.year) for _, v in sorted(groups.items()) if len(v) > 1]


def graph(records: list[Record]) -> Graph:
    """The DCAT-AP graph of ``records`` and of their series."""
    g = _graph()
    for r in records:
        add_dataset(g, r)
    for group in series_groups(records):
        add_series(g, group)
    return g
