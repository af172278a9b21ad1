import type { DicomDataset } from 'dcmjs';
import { attr } from './dicom-json.js';
import type { InstanceMatch, SeriesMatch, StudyMatch } from './qido.repo.js';

/** QIDO-RS result attributes (PS3.18 §10.6.3.3, Tables 10.6.3-3 to -5) with their Retrieve URLs. */
export function studyJson(m: StudyMatch, base: string): DicomDataset {
  return {
    '00080020': attr('DA', m.study_date),
    '00080030': attr('TM', m.study_time),
    '00080050': attr('SH', m.accession_number),
    '00080061': attr('CS', m.modalities ? m.modalities.split(',') : null),
    '00080090': attr('PN', m.referring_physician),
    '00081030': attr('LO', m.study_description),
    '00081190': attr('UR', `${base}/studies/${m.study_uid}`),
    '00100010': attr('PN', m.patient_name),
    '00100020': attr('LO', m.patient_id),
    '00100030': attr('DA', m.patient_birth_date),
    '00100040': attr('CS', m.patient_sex),
    '0020000D': attr('UI', m.study_uid),
    '00200010': attr('SH', m.study_id),
    '00201206': attr('IS', m.series_count),
    '00201208': attr('IS', m.instance_count),
  };
}

export function seriesJson(m: SeriesMatch, base: string): DicomDataset {
  return {
    ...studyJson(m, base),
    '00080060': attr('CS', m.modality),
    '0008103E': attr('LO', m.series_description),
    '00081190': attr('UR', `${base}/studies/${m.study_uid}/series/${m.series_uid}`),
    '0020000E': attr('UI', m.series_uid),
    '00200011': attr('IS', m.series_number),
    '00201209': attr('IS', m.series_instances),
  };
}

export function instanceJson(m: InstanceMatch, base: string): DicomDataset {
  const { '00201209': _count, ...series } = seriesJson(m, base);
  return {
    ...series,
    '00080016': attr('UI', m.sop_class_uid),
    '00080018': attr('UI', m.sop_uid),
    '00081190': attr('UR', `${base}/studies/${m.study_uid}/series/${m.series_uid}/instances/${m.sop_uid}`),
    '00083002': attr('UI', m.transfer_syntax_uid),
    '00200013': attr('IS', m.instance_number),
    '00280008': attr('IS', m.number_of_frames),
    '00280010': attr('US', m.rows),
    '00280011': attr('US', m.columns),
  };
}
