// The part of the WebAssembly JS API the host uses. Node has it as a global, but TypeScript only
// declares it in the DOM library, which the Node-only projects here do not load.
declare namespace WebAssembly {
  type ImportExportKind = "function" | "table" | "memory" | "global";
  interface ModuleImportDescriptor {
    module: string;
    name: string;
    kind: ImportExportKind;
  }
  interface ModuleExportDescriptor {
    name: string;
    kind: ImportExportKind;
  }
  type ImportValue = ((...args: never[]) => unknown) | Memory | Global;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- mirrors the JS API
  class Module {
    constructor(bytes: Uint8Array);
    static imports(module: Module): ModuleImportDescriptor[];
    static exports(module: Module): ModuleExportDescriptor[];
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class Global {
    value: unknown;
  }
  class RuntimeError extends Error {}
}
