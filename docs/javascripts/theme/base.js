/* Material for MkDocs 9.8.1 (MIT, Martin Donath): partials/javascripts/base.html, moved out of the page
 * so no inline script is needed. The scope comes from the script tag's data-scope attribute. */
__md_scope = new URL(document.currentScript.dataset.scope, location),
__md_hash = e => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0),
/* Changed from Material: storage that is disabled, or holds something that is not JSON, reads as nothing
 * instead of throwing (a corrupt `__palette` or a blocked localStorage must not stop the page). */
__md_get = (e, _, t = __md_scope) => {
  try {
    var v = JSON.parse((_ || localStorage).getItem(t.pathname + "." + e));
    /* the palette record is read without checks by Material's bundle: only its own shape gets through */
    return e !== "__palette" || (v && Number.isInteger(v.index) && v.color && typeof v.color === "object") ? v : null
  } catch (x) { return null }
},
__md_set = (e, _, t, a = __md_scope) => { try { (t || localStorage).setItem(a.pathname + "." + e, JSON.stringify(_)) } catch (e) {} };
