/** The parts of dcmjs (which ships no types) the imaging module uses. */
declare module 'dcmjs' {
  /** A DICOM JSON attribute as dcmjs holds it (PS3.18 F.2.2): `Value` for values, bulk data as ArrayBuffers. */
  export interface DicomAttribute {
    vr: string;
    Value?: unknown[];
    InlineBinary?: string;
    BulkDataURI?: string;
  }
  export type DicomDataset = Record<string, DicomAttribute>;
  export interface DicomDict {
    meta: DicomDataset;
    dict: DicomDataset;
    /** The Part 10 file: zeroed preamble, "DICM", the file meta group (its length computed), the data set. */
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  export const log: { setLevel(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'): void };
  export const data: {
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string }): DicomDict };
    DicomMetaDictionary: { naturalizeDataset(dict: DicomDataset): Record<string, unknown> };
  };
  const dcmjs: { log: typeof log; data: typeof data };
  export default dcmjs;
}
