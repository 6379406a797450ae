// `npm run build` runs this after `next build`: the build gets its own script-nonce placeholder in .next, so every
// instance serving a copy of this build agrees on it from its first request (runtime/security-headers.mjs).
import { writeNoncePlaceholder } from "../runtime/security-headers.mjs";

writeNoncePlaceholder(process.argv[2] ?? ".next");
console.log("> wrote the build's script-nonce placeholder");
