import type { Site } from '../../../shared/contracts';
import { SelectField, TextField } from '../../../shared/form';
import { optionsOf, ROLE_LABELS } from '../../../shared/labels';
import { takesLanguages, takesSite, takesSpecialties, type RoleDraft } from '../hooks/role-draft';

interface RoleFieldsProps {
  value: RoleDraft;
  onChange: (next: RoleDraft) => void;
  sites: Site[];
  errors?: (field: keyof RoleDraft) => string[];
}

/** Role, optional site, and — for specialists and interpreters — specialties or languages. */
export function RoleFields({ value, onChange, sites, errors }: RoleFieldsProps) {
  const set = (field: keyof RoleDraft) => (v: string) => onChange({ ...value, [field]: v });
  const siteOptions = [
    { value: '', label: 'No site (whole organization)' },
    ...sites.map((s) => ({ value: s.id, label: s.name })),
  ];
  return (
    <>
      <SelectField
        label="Role"
        value={value.role}
        onValue={set('role')}
        options={optionsOf(ROLE_LABELS)}
        errors={errors?.('role')}
      />
      {takesSite(value.role) ? (
        <SelectField
          label="Site"
          value={value.siteId}
          onValue={set('siteId')}
          options={siteOptions}
          errors={errors?.('siteId')}
        />
      ) : null}
      {takesSpecialties(value.role) ? (
        <TextField
          label="Specialties"
          hint="At least one; comma-separated, lower case, for example dermatology, radiology."
          required
          value={value.specialties}
          onValue={set('specialties')}
          errors={errors?.('specialties')}
        />
      ) : null}
      {takesLanguages(value.role) ? (
        <TextField
          label="Languages"
          hint="At least one; comma-separated language tags, for example en, es."
          required
          value={value.languages}
          onValue={set('languages')}
          errors={errors?.('languages')}
        />
      ) : null}
    </>
  );
}
