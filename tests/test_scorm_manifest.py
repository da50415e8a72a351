"""Each SCORM package's imsmanifest.xml is valid against the IMS/ADL schemas the package itself ships.

lxml validates against one schema at a time, so a small driver schema imports every namespace the
manifest names in xsi:schemaLocation, each from the file the package carries. A package that named a
schema it does not ship would fail here, and so does each broken manifest below (the check can fail).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_site_files
from lxml import etree
from test_editions import build

XSI = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
EDITIONS = {"scorm": "1.2", "scorm2004": "2004 3rd Edition"}
W3C_XML = ROOT / "macros" / "scorm" / "xsd" / "scorm2004" / "xml.xsd"


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The minimal course's two SCORM packages, unzipped."""
    project = tmp_path_factory.mktemp("manifest") / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "content_src" / "ui.yml", project / "content_src" / "ui.yml")
    copy_site_files(project)
    out = {}
    for edition in EDITIONS:
        dist = build(project, edition, project / "dist")
        folder = tmp_path_factory.mktemp(edition)
        with zipfile.ZipFile(dist / f"mini-course-{edition}.zip") as archive:
            archive.extractall(folder)
        out[edition] = folder
    return out


def schema_for(manifest: etree._Element, package: Path) -> etree.XMLSchema:
    """A schema importing every namespace of xsi:schemaLocation from the package's own files."""
    pairs = manifest.get(XSI).split()
    # Only the namespaces the manifest uses: libxml2 cannot compile IMS Metadata 1.2.1 (a content model it
    # finds not deterministic), which SCORM 1.2 manifests name by custom but this one does not use.
    used = {etree.QName(e).namespace for e in manifest.iter()} | {
        etree.QName(a).namespace for e in manifest.iter() for a in e.attrib
    }
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(package / loc).as_uri()}"/>'
        for ns, loc in zip(pairs[::2], pairs[1::2], strict=True)
        if ns in used
    )
    for location in pairs[1::2]:
        assert (package / location).is_file(), f"the manifest names {location}, which the package does not ship"
    # libxml2 refuses SCORM 1.2's ims_xml.xsd (it declares the xml namespace as its default namespace), so
    # the xml namespace comes first from W3C's xml.xsd (shipped in the 2004 set); libxml2 then skips the
    # packages' own import of that namespace. It defines only xml:lang and friends.
    imports = (
        f'<xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="{W3C_XML.as_uri()}"/>' + imports
    )
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(driver, base_url=package.as_uri() + "/"))


def validate(text: bytes, package: Path) -> list[str]:
    manifest = etree.fromstring(text, etree.XMLParser(no_network=True))
    schema = schema_for(manifest, package)
    return [] if schema.validate(manifest) else [str(e) for e in schema.error_log]


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_manifest_is_valid_against_the_schemas_it_ships(packages: dict[str, Path], edition: str) -> None:
    package = packages[edition]
    text = (package / "imsmanifest.xml").read_bytes()
    assert validate(text, package) == []
    assert etree.fromstring(text).findtext("{*}metadata/{*}schemaversion") == EDITIONS[edition]


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_manifest_lists_every_file_of_the_package(packages: dict[str, Path], edition: str) -> None:
    package = packages[edition]
    manifest = etree.parse(str(package / "imsmanifest.xml")).getroot()
    listed = {f.get("href") for f in manifest.iterfind(".//{*}resource/{*}file")}
    shipped = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}
    assert listed == shipped - {"imsmanifest.xml"}
    assert not [name for name in shipped if name.endswith(".map")]


BROKEN = {
    "no organizations": lambda t: re.sub(rb"<organizations .*?</organizations>", b"", t, flags=re.DOTALL),
    "a SCO type the schema does not know": lambda t: re.sub(rb'(scorm[tT]ype)="sco"', rb'\1="lesson"', t),
    "a resource without an identifier": lambda t: t.replace(b"<resource identifier=", b"<resource ident=", 1),
    "a file without its href": lambda t: t.replace(b"<file href=", b"<file src=", 1),
    "an element of the package namespace it does not define": lambda t: t.replace(
        b"<resources>", b"<resources><lesson/>", 1
    ),
}


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_manifest_fails_the_validation(packages: dict[str, Path], edition: str, case: str) -> None:
    package = packages[edition]
    text = (package / "imsmanifest.xml").read_bytes()
    broken = BROKEN[case](text)
    assert broken != text
    assert validate(broken, package) != []


def test_a_manifest_naming_a_schema_the_package_lacks_fails(packages: dict[str, Path], tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(packages["scorm"], package)
    (package / "adlcp_rootv1p2.xsd").unlink()
    with pytest.raises(AssertionError, match="does not ship"):
        validate((package / "imsmanifest.xml").read_bytes(), package)
