"""WordprocessingML that python-docx has no API for: links, fields, list numbering, alt text, header rows."""
from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import SubElement, _Element

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>]+$", re.IGNORECASE)
W_P, W_PPR, W_PSTYLE, W_R, W_T, W_BR = (qn(f"w:{tag}") for tag in ("p", "pPr", "pStyle", "r", "t", "br"))
W_NUMPR, W_ILVL, W_NUMID, W_VAL = (qn(f"w:{tag}") for tag in ("numPr", "ilvl", "numId", "val"))
XML_SPACE = qn("xml:space")
# The children of w:settings that come after w:updateFields (the schema's order; Word checks it).
AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                       "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                       "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
                       "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                       "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def clean(text) -> str:
    """Text that XML can carry: control characters and lone surrogates dropped, line ends unified."""
    return _NOT_XML.sub("", str(text or "").replace("\r\n", "\n").replace("\r", "\n"))


def text_run(paragraph_element, text: str) -> None:
    """One run of plain text, line breaks as w:br; much faster than python-docx's run.text."""
    run = SubElement(paragraph_element, W_R)
    for index, line in enumerate(clean(text).replace("\t", " ").split("\n")):
        if index:
            SubElement(run, W_BR)
        node = SubElement(run, W_T)
        node.text = line
        if line != line.strip():
            node.set(XML_SPACE, "preserve")


def safe_url(url: str) -> bool:
    """Only http(s) and mailto addresses become links; anything else (javascript:, data:) stays text."""
    return bool(_SAFE_URL.fullmatch(url or ""))


def _element(tag: str, **attrs) -> _Element:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def add_hyperlink(paragraph, url: str, text: str, style) -> None:
    """A live external link with the given character style."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = paragraph.add_run(clean(text), style)
    link.append(run._r)
    paragraph._p.append(link)


def _field_char(paragraph, kind: str) -> None:
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType=kind))


def begin_field(paragraph, instruction: str) -> None:
    """Start a complex field (TOC, PAGE, …); its cached result follows until `end_field`."""
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")


def end_field(paragraph) -> None:
    """Close a field opened with `begin_field`."""
    _field_char(paragraph, "end")


def simple_field(paragraph, instruction: str, shown: str) -> None:
    """A one-run field such as PAGE or NUMPAGES, with a shown value until Word updates it."""
    begin_field(paragraph, instruction)
    paragraph.add_run(shown)
    end_field(paragraph)


def update_fields_on_open(document) -> None:
    """Ask Word to update fields (the table of contents) when the document is opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        settings.insert_element_before(_element("w:updateFields", val="true"), *AFTER_UPDATE_FIELDS)


class Lists:
    """Numbered and bulleted lists of our own, so they work in any template."""

    def __init__(self, document):
        self.numbering = document.part.numbering_part.element
        taken = [int(n.get(qn("w:abstractNumId"))) for n in self.numbering.findall(qn("w:abstractNum"))]
        self.next_abstract = max(taken + [0]) + 1
        self.decimal = self._abstract("decimal", "%1.")
        self.bullet_abstract = self._abstract("bullet", "•")
        self.bullet = self.new_list(self.bullet_abstract)

    def _abstract(self, fmt: str, text: str) -> int:
        number = self.next_abstract
        self.next_abstract += 1
        abstract = _element("w:abstractNum", abstractNumId=number)
        abstract.append(_element("w:multiLevelType", val="singleLevel"))
        level = _element("w:lvl", ilvl=0)
        for tag, value in (("w:start", 1), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
            level.append(_element(tag, val=value))
        ppr = OxmlElement("w:pPr")
        ppr.append(_element("w:ind", left=400, hanging=400))
        level.append(ppr)
        abstract.append(level)
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:  # every abstractNum comes before the first num
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        return number

    def new_list(self, abstract: int, start: int | None = None) -> int:
        """A list instance; a numbered one restarts at `start`."""
        num_id = self.numbering._next_numId
        num = _element("w:num", numId=num_id)
        num.append(_element("w:abstractNumId", val=abstract))
        if start is not None:
            override = _element("w:lvlOverride", ilvl=0)
            override.append(_element("w:startOverride", val=start))
            num.append(override)
        self.numbering.append(num)
        return num_id

    def numbered(self, start: int) -> int:
        """A new numbered list starting at `start`."""
        return self.new_list(self.decimal, start)


def set_alt_text(inline_shape, text: str, name: str) -> None:
    """The picture's description (what a screen reader reads) and name."""
    doc_pr = inline_shape._inline.docPr
    doc_pr.set("descr", clean(text))
    doc_pr.set("name", clean(name))


def repeat_header_row(table, caption: str) -> None:
    """The first row repeats on every page and is marked as the header; the table gets a caption."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(_element("w:tblHeader", val="true"))
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(_element("w:tblCaption", val=clean(caption)[:250]))


def shade(cell, fill: str) -> None:
    """A cell's background colour (hex without #)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(_element("w:shd", val="clear", color="auto", fill=fill))
