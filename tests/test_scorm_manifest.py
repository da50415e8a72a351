"""Each SCORM package's imsmanifest.xml is valid against the IMS/ADL schemas the package itself ships.

lxml validates against one schema at a time, so a small driver schema imports every namespace the
manifest names in xsi:schemaLocation, each from the file the package carries. A package that named a
schema it does not ship would fail here, and so does each broken manifest below (the check can fail).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_mini
from lxml import etree

from macros import editions
from macros.check import check_project

XSI = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
EDITIONS = {"scorm": "1.2", "scorm2004": "2004 3rd Edition"}
W3C_XML = ROOT / "macros" / "scorm" / "xsd" / "scorm2004" / "xml.xsd"


#: A stand-in for a built site: the files a package carries besides the ones the manifest step adds.
SITE_FILES = ("index.html", "modules/alpha.html", "search/search_index.js", "assets/stylesheets/main.css")


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The packaging step of each SCORM edition (launch page, runtime, schemas, manifest), run on the
    minimal course over a stand-in site folder: the manifest as `build --edition` writes it, without the
    build. `test_the_built_packages_…` checks the packages HR's command really makes."""
    course = check_project(copy_mini(tmp_path_factory.mktemp("mini") / "mini")).course
    assert course is not None
    out = {}
    for edition in EDITIONS:
        folder = tmp_path_factory.mktemp(edition)
        for name in SITE_FILES:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("<!doctype html>", "utf-8")
        lms = editions.EDITIONS[edition].lms
        assert lms is not None
        editions.add_scorm_package_files(folder, course, lms)
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


def manifest_errors(package: Path, edition: str) -> list[str]:
    """What the schemas the package ships say of its manifest (nothing when valid), and its version."""
    text = (package / "imsmanifest.xml").read_bytes()
    assert etree.fromstring(text).findtext("{*}metadata/{*}schemaversion") == EDITIONS[edition]
    return validate(text, package)


def unlisted(package: Path) -> set[str]:
    """Files the package carries and its manifest does not list, and listed files it lacks."""
    manifest = etree.parse(str(package / "imsmanifest.xml")).getroot()
    listed = {f.get("href") for f in manifest.iterfind(".//{*}resource/{*}file")}
    shipped = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}
    return listed ^ (shipped - {"imsmanifest.xml"})


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_manifest_is_valid_against_the_schemas_it_ships(packages: dict[str, Path], edition: str) -> None:
    assert manifest_errors(packages[edition], edition) == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_manifest_lists_every_file_of_the_package(packages: dict[str, Path], edition: str) -> None:
    assert unlisted(packages[edition]) == set()


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_built_package_has_a_valid_manifest_listing_every_file_and_no_source_map(
    mini_lms_packages: dict[str, Path], edition: str
) -> None:
    package = mini_lms_packages[edition]
    assert manifest_errors(package, edition) == []
    assert unlisted(package) == set()
    assert [p for p in package.rglob("*.map")] == []


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
