import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db.js';
import type { QidoQuery } from './qido-query.js';

export interface StudyMatch {
  study_uid: string;
  patient_id: string | null;
  patient_name: string | null;
  patient_birth_date: string | null;
  patient_sex: string | null;
  study_date: string | null;
  study_time: string | null;
  accession_number: string | null;
  study_description: string | null;
  referring_physician: string | null;
  study_id: string | null;
  modalities: string | null;
  series_count: number;
  instance_count: number;
}

export interface SeriesMatch extends StudyMatch {
  series_uid: string;
  modality: string | null;
  series_number: number | null;
  series_description: string | null;
  series_instances: number;
}

export interface InstanceMatch extends SeriesMatch {
  sop_uid: string;
  sop_class_uid: string;
  transfer_syntax_uid: string;
  instance_number: number | null;
  rows: number | null;
  columns: number | null;
  number_of_frames: number | null;
}

function text(col: SQL, m: { like: string } | { eq: string }): SQL {
  return 'like' in m ? sql`${col} ILIKE ${m.like} ESCAPE '\\'` : sql`${col} = ${m.eq}`;
}

function inList(col: SQL, values: string[]): SQL {
  return sql`${col} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
}

/** Study-level conditions over `imaging_studies s` (PS3.18 §10.6.1.2): every value a bound parameter. */
function studyWhere(q: QidoQuery): SQL[] {
  const w: SQL[] = [];
  if (q.uids.StudyInstanceUID) w.push(inList(sql`s.study_instance_uid`, q.uids.StudyInstanceUID));
  if (q.text.PatientID) w.push(text(sql`s.patient_id`, q.text.PatientID));
  if (q.text.PatientName) w.push(text(sql`s.patient_name`, q.text.PatientName));
  if (q.text.AccessionNumber) w.push(text(sql`s.accession_number`, q.text.AccessionNumber));
  if (q.text.StudyDescription) w.push(text(sql`s.study_description`, q.text.StudyDescription));
  if (q.studyDate?.from) w.push(sql`s.study_date >= ${q.studyDate.from}`);
  if (q.studyDate?.to) w.push(sql`s.study_date <= ${q.studyDate.to}`);
  if (q.modalities) w.push(sql`EXISTS (SELECT 1 FROM imaging_series m WHERE m.study_id = s.id AND ${inList(sql`m.modality`, q.modalities)})`);
  return w;
}

function seriesWhere(q: QidoQuery): SQL[] {
  const w = studyWhere(q);
  if (q.uids.SeriesInstanceUID) w.push(inList(sql`se.series_instance_uid`, q.uids.SeriesInstanceUID));
  if (q.modality) w.push(inList(sql`se.modality`, q.modality));
  return w;
}

const STUDY_COLUMNS = sql`s.study_instance_uid AS study_uid, s.patient_id, s.patient_name, s.patient_birth_date, s.patient_sex,
  s.study_date, s.study_time, s.accession_number, s.study_description, s.referring_physician, s.study_id,
  (SELECT string_agg(DISTINCT m.modality, ',') FROM imaging_series m WHERE m.study_id = s.id) AS modalities,
  (SELECT count(*)::int FROM imaging_series m WHERE m.study_id = s.id) AS series_count,
  (SELECT count(*)::int FROM imaging_instances m WHERE m.study_id = s.id) AS instance_count`;

const and = (visible: SQL, w: SQL[]) => sql.join([visible, ...w].map((c) => sql`(${c})`), sql` AND `);

export async function searchStudies(db: Db, visible: SQL, q: QidoQuery): Promise<StudyMatch[]> {
  return queryRows<StudyMatch>(
    db,
    sql`SELECT ${STUDY_COLUMNS} FROM imaging_studies s WHERE ${and(visible, studyWhere(q))}
        ORDER BY s.study_date DESC NULLS LAST, s.received_at DESC, s.id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
}

export async function searchSeries(db: Db, visible: SQL, q: QidoQuery): Promise<SeriesMatch[]> {
  return queryRows<SeriesMatch>(
    db,
    sql`SELECT ${STUDY_COLUMNS}, se.series_instance_uid AS series_uid, se.modality, se.series_number, se.series_description,
          (SELECT count(*)::int FROM imaging_instances m WHERE m.series_id = se.id) AS series_instances
        FROM imaging_series se JOIN imaging_studies s ON s.id = se.study_id WHERE ${and(visible, seriesWhere(q))}
        ORDER BY s.id, se.series_number NULLS LAST, se.series_instance_uid LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
}

export async function searchInstances(db: Db, visible: SQL, q: QidoQuery): Promise<InstanceMatch[]> {
  const w = seriesWhere(q);
  if (q.uids.SOPInstanceUID) w.push(inList(sql`i.sop_instance_uid`, q.uids.SOPInstanceUID));
  if (q.uids.SOPClassUID) w.push(inList(sql`i.sop_class_uid`, q.uids.SOPClassUID));
  return queryRows<InstanceMatch>(
    db,
    sql`SELECT ${STUDY_COLUMNS}, se.series_instance_uid AS series_uid, se.modality, se.series_number, se.series_description, 0 AS series_instances,
          i.sop_instance_uid AS sop_uid, i.sop_class_uid, i.transfer_syntax_uid, i.instance_number, i.rows, i.columns, i.number_of_frames
        FROM imaging_instances i JOIN imaging_series se ON se.id = i.series_id JOIN imaging_studies s ON s.id = i.study_id
        WHERE ${and(visible, w)}
        ORDER BY s.id, se.series_number NULLS LAST, se.series_instance_uid, i.instance_number NULLS LAST, i.sop_instance_uid
        LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
}
