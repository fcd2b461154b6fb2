#!/usr/bin/env node
// Validate many Office Open XML files with the Open XML SDK (compiled to WebAssembly by
// @ooxml-tools/validate), loading the .NET runtime once for the whole batch.
//
// Usage:
//   node validate.mjs [--office-version Microsoft365] a.docx b.docx ...
//   echo '["a.docx", "b.docx"]' | node validate.mjs [--office-version ...]
//
// Prints ONE JSON object on stdout, keyed by each path exactly as given:
//   {"a.docx": [], "b.docx": [{"id": "Sch_UnexpectedElementContentExpectingComplex",
//     "description": "...", "errorType": 0, "errorTypeName": "Schema",
//     "part": "/word/document.xml", "xpath": "/w:document[1]/w:body[1]/w:foo[1]",
//     "path": {"partUri": "/word/document.xml", "xpath": "..."}}]}
// An empty list means the file is valid. A file the SDK cannot even open (not a zip, missing
// main part, ...) gets one entry with id "tdagdoc.OpenFailed" and errorTypeName "Package".
//
// Exit status: 0 when every file was checked (whether valid or not); 2 on a harness failure
// (bad arguments, unreadable file, the validator failing to load), with the reason on stderr.
// Everything the runtime itself prints is sent to stderr so that stdout stays pure JSON.

import { readFile } from "node:fs/promises";

// The .NET runtime may log through console.*: keep stdout for our JSON only.
for (const name of ["log", "info", "debug", "warn"]) {
  console[name] = (...args) => console.error(...args);
}

// Open XML SDK's ValidationErrorType enum.
const ERROR_TYPES = ["Schema", "Semantic", "Package", "MarkupCompatibility"];

function fail(message) {
  process.stderr.write(`validate.mjs: ${message}\n`, () => process.exit(2));
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function formatFor(path) {
  const m = /\.([^.\\/]+)$/.exec(path);
  const ext = m ? m[1].toLowerCase() : "";
  if (["docx", "docm", "dotx", "dotm"].includes(ext)) return "docx";
  if (["xlsx", "xlsm", "xltx", "xltm", "xlam"].includes(ext)) return "xlsx";
  if (["pptx", "pptm", "potx", "potm", "ppsx", "ppsm", "ppam"].includes(ext)) return "pptx";
  return "docx";
}

async function main() {
  const argv = process.argv.slice(2);
  let officeVersion = "Microsoft365";
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--office-version") {
      officeVersion = argv[++i];
    } else if (arg.startsWith("--office-version=")) {
      officeVersion = arg.slice("--office-version=".length);
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        "usage: node validate.mjs [--office-version V] FILE... (or a JSON list of paths on stdin)\n",
      );
      return 0;
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0 && !process.stdin.isTTY) {
    const text = (await readStdin()).trim();
    if (text) {
      let list;
      try {
        list = JSON.parse(text);
      } catch (e) {
        throw new Error(`stdin is not a JSON list of paths: ${e.message}`);
      }
      if (!Array.isArray(list) || !list.every((p) => typeof p === "string")) {
        throw new Error("stdin must be a JSON list of path strings");
      }
      paths.push(...list);
    }
  }

  // Read every input first, so a missing file fails fast before the 40 MB module loads.
  const buffers = new Map();
  for (const p of paths) {
    if (!buffers.has(p)) buffers.set(p, await readFile(p));
  }

  const mod = await import("@ooxml-tools/validate");
  const validate = mod.default;
  if (!mod.OFFICE_VERSIONS.includes(officeVersion)) {
    throw new Error(
      `unknown office version ${JSON.stringify(officeVersion)}; ` +
        `one of ${mod.OFFICE_VERSIONS.join(", ")}`,
    );
  }

  const t0 = Date.now();
  await mod.ready();
  const timings = { load_ms: Date.now() - t0, files: {} };

  const results = {};
  for (const [p, buf] of buffers) {
    const t = Date.now();
    let errors;
    try {
      errors = (await validate(buf, formatFor(p), officeVersion)).map((e) => ({
        id: e.id,
        description: e.description,
        errorType: e.errorType,
        errorTypeName: ERROR_TYPES[e.errorType] ?? String(e.errorType),
        part: e.path?.partUri ?? null,
        xpath: e.path?.xpath ?? null,
        path: e.path ?? null,
      }));
    } catch (e) {
      // The SDK threw: the package could not be opened at all. That is a finding about
      // the file, not a harness failure.
      const message = String(e?.message ?? e).split("\n")[0];
      errors = [
        {
          id: "tdagdoc.OpenFailed",
          description: `Open XML SDK could not open the package: ${message}`,
          errorType: 2,
          errorTypeName: "Package",
          part: null,
          xpath: null,
          path: null,
        },
      ];
    }
    results[p] = errors;
    timings.files[p] = Date.now() - t;
  }
  if (process.env.TDAGDOC_VALIDATE_TIMINGS) {
    console.error(`validate.mjs timings: ${JSON.stringify(timings)}`);
  }

  await new Promise((resolve, reject) =>
    process.stdout.write(`${JSON.stringify(results)}\n`, (err) => (err ? reject(err) : resolve())),
  );
  return 0;
}

main().then(
  // The .NET runtime keeps timers alive for seconds after the work is done: exit explicitly,
  // but only after stdout has been flushed (done above).
  (code) => process.exit(code),
  (err) => fail(err?.stack ?? String(err)),
);
