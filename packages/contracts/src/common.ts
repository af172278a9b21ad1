import { Type, type Static } from 'typebox';

/** RFC 9457 problem details, with our stable `code` extension and optional per-field errors. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), { maxItems: 50 }),
    ),
  },
  { additionalProperties: true },
);
export type Problem = Static<typeof Problem>;

export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
export const Timestamp = Type.String({ format: 'date-time' });
/** A calendar date. Year 0000 passes the `date` format but PostgreSQL (and ISO 8601 without agreement) has no year 0. */
export const IsoDate = Type.String({ format: 'date', maxLength: 10, pattern: '^(?!0000-)' });

export const IdParams = (name: string) => Type.Object({ [name]: Uuid }, { additionalProperties: false });

/** Keyset pagination: `cursor` is the opaque `nextCursor` of the previous page. */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PageQuery = Static<typeof PageQuery>;

export const Page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const Health = Type.Object({ status: Type.String() });
