/**
 * How the playground and the extension start the engine: the worker from the library's source,
 * and every file it may fetch (tree-sitter runtime, grammars) emitted by Vite as a local asset,
 * so nothing is ever requested from another origin.
 */
import { createTokenfold, type Tokenfold } from "../../src/browser/index.js";
import treeSitterWasm from "web-tree-sitter/web-tree-sitter.wasm?url";
import c from "@repomix/tree-sitter-wasms/out/tree-sitter-c.wasm?url";
import cpp from "@repomix/tree-sitter-wasms/out/tree-sitter-cpp.wasm?url";
import go from "@repomix/tree-sitter-wasms/out/tree-sitter-go.wasm?url";
import java from "@repomix/tree-sitter-wasms/out/tree-sitter-java.wasm?url";
import javascript from "@repomix/tree-sitter-wasms/out/tree-sitter-javascript.wasm?url";
import python from "@repomix/tree-sitter-wasms/out/tree-sitter-python.wasm?url";
import rust from "@repomix/tree-sitter-wasms/out/tree-sitter-rust.wasm?url";
import tsx from "@repomix/tree-sitter-wasms/out/tree-sitter-tsx.wasm?url";
import typescript from "@repomix/tree-sitter-wasms/out/tree-sitter-typescript.wasm?url";

/** One grammar URL per language the code compressor knows. */
export const GRAMMARS = Object.freeze({ c, cpp, go, java, javascript, python, rust, tsx, typescript });

/** Starts the engine worker with local grammars; refs in IndexedDB (memory when unavailable). */
export function startEngine(): Tokenfold {
  return createTokenfold({ grammars: { ...GRAMMARS }, treeSitterWasm });
}
