import { Compile } from 'typebox/compile';
import { ClientMessage } from '@telehealth/contracts/visits';

const check = Compile(ClientMessage);

/**
 * Validates one text frame at the edge against the ClientMessage union. Malformed JSON and unknown or
 * ill-formed messages give an error the socket reports back; the socket stays open.
 */
export function parseClientMessage(text: string): { message: ClientMessage } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'The frame is not JSON.' };
  }
  if (!check.Check(value)) {
    const type = typeof value === 'object' && value !== null && 'type' in value ? JSON.stringify(value.type).slice(0, 32) : null;
    return { error: type ? `Message ${type} is unknown or malformed.` : 'A message needs a "type".' };
  }
  return { message: value };
}
