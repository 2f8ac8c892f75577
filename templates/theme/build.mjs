// Compile site.scss to ../static/css/site.css (compressed, no source map) and
// refuse output that would make the site request fonts or images, or look
// like GOV.UK (GDS Transport, the crest).
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "css", "site.css");

let { css } = sass.compile(join(here, "site.scss"), {
  style: "compressed",
  sourceMap: false,
  loadPaths: [join(here, "node_modules")],
  quietDeps: true,
});

// GOV.UK Frontend still carries Internet Explorer hacks written with a `\0`
// escape (`min-width: 0\0`), which Dart Sass prints as U+FFFD. Every other
// browser ignores such a rule, and CSS validators reject it: drop it.
css = css.replace(/@media[^{}]*\uFFFD[^{}]*\{[^{}]*\{[^{}]*\}\}/g, "");

const forbidden = ["@font-face", "GDS Transport", "crest", "url(", "@import", "sourceMappingURL", "\uFFFD"];
const found = forbidden.filter((s) => css.toLowerCase().includes(s.toLowerCase()));
if (found.length) {
  console.error(`site.css must not contain: ${found.join(", ")}`);
  process.exit(1);
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, css + "\n");
console.log(`Wrote ${out} (${(Buffer.byteLength(css) / 1024).toFixed(1)} KB)`);
