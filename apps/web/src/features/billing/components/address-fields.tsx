import { TextField } from '../../../shared/form';

/** The four address fields a claim carries, as the form holds them (strings). */
export interface AddressValues {
  line1: string;
  city: string;
  state: string;
  postalCode: string;
}

/** Street, city, state and ZIP code rows, labelled with whose address it is ("Subscriber", "Billing provider"). */
export function AddressFields({ whose, values, set }: { whose: string; values: AddressValues; set: (k: keyof AddressValues) => (value: string) => void }) {
  return (
    <>
      <TextField label={`${whose} address`} value={values.line1} onValue={set('line1')} />
      <TextField label={`${whose} city`} value={values.city} onValue={set('city')} />
      <TextField label={`${whose} state`} value={values.state} onValue={set('state')} />
      <TextField label={`${whose} ZIP code`} value={values.postalCode} onValue={set('postalCode')} />
    </>
  );
}

/** The address as the API takes it: trimmed, state in capitals. */
export function addressOf(v: AddressValues): AddressValues {
  return { line1: v.line1.trim(), city: v.city.trim(), state: v.state.trim().toUpperCase(), postalCode: v.postalCode.trim() };
}
