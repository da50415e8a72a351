/* Material for MkDocs 9.8.1 (MIT, Martin Donath): partials/javascripts/palette.html, moved out of the page.
 * Changed from Material: a stored palette of the wrong shape is ignored (the page keeps its default). */
var palette = __md_get("__palette");
if (palette && palette.color && typeof palette.color === "object") try {
  if ("(prefers-color-scheme)" === palette.color.media) {
    var media = matchMedia("(prefers-color-scheme: light)"),
      input = document.querySelector(media.matches ? "[data-md-color-media='(prefers-color-scheme: light)']" : "[data-md-color-media='(prefers-color-scheme: dark)']");
    palette.color.media = input.getAttribute("data-md-color-media"),
    palette.color.scheme = input.getAttribute("data-md-color-scheme"),
    palette.color.primary = input.getAttribute("data-md-color-primary"),
    palette.color.accent = input.getAttribute("data-md-color-accent");
  }
  for (var [key, value] of Object.entries(palette.color)) document.body.setAttribute("data-md-color-" + key, value);
} catch (e) { /* a palette this page does not offer: keep the default */ }
