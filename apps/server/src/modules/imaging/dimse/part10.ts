/**
 * Wraps a data set received over DIMSE into a DICOM Part 10 file (PS3.10 §7.1): a zero preamble, "DICM" and
 * the file meta information (group 0002, explicit VR little endian), then the data set bytes exactly as the
 * sender encoded them in the negotiated transfer syntax.
 */
export const IMPLEMENTATION_CLASS_UID = '2.25.215340947062405631766937120823931425021';
export const IMPLEMENTATION_VERSION = 'TELEHEALTH_1';

function element(group: number, el: number, vr: string, value: Buffer): Buffer {
  const long = vr === 'OB';
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(el, 2);
  head.write(vr, 4, 'latin1');
  if (long) head.writeUInt32LE(value.length, 8);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

/** UI values are padded with NUL, other strings with a space, to an even length (PS3.5 §6.2). */
function str(v: string, pad: '\0' | ' '): Buffer {
  return Buffer.from(v.length % 2 ? v + pad : v, 'latin1');
}

/**
 * @param sopClassUid - Affected SOP Class UID of the C-STORE request
 * @param sopInstanceUid - Affected SOP Instance UID of the C-STORE request
 * @param transferSyntaxUid - the accepted transfer syntax of the presentation context
 * @param dataset - the data set bytes as received
 */
export function toPart10(sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string, sourceAeTitle: string, dataset: Buffer): Buffer {
  const body = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', str(sopClassUid, '\0')),
    element(0x0002, 0x0003, 'UI', str(sopInstanceUid, '\0')),
    element(0x0002, 0x0010, 'UI', str(transferSyntaxUid, '\0')),
    element(0x0002, 0x0012, 'UI', str(IMPLEMENTATION_CLASS_UID, '\0')),
    element(0x0002, 0x0013, 'SH', str(IMPLEMENTATION_VERSION, ' ')),
    element(0x0002, 0x0016, 'AE', str(sourceAeTitle, ' ')),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), element(0x0002, 0x0000, 'UL', length), body, dataset]);
}
