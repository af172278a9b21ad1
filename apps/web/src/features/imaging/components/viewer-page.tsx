import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { casesApi } from '../../cases/api';
import { dicomwebApi } from '../api';
import { seriesLabel, SeriesList, seriesSummaries, type SeriesSummary } from './series-list';
import { SeriesViewer } from './series-viewer';
import './dicom-viewer.css';

function StudyViewer({ study, series }: { study: string; series: SeriesSummary[] }) {
  const [current, setCurrent] = useState(series[0]?.uid ?? '');
  const chosen = series.find((s) => s.uid === current);
  if (!chosen) return <p>This study has no series.</p>;
  return (
    <div className="dv-layout">
      <SeriesList study={study} series={series} current={current} onPick={setCurrent} />
      <SeriesViewer key={chosen.uid} study={study} series={chosen.uid} seriesLabel={seriesLabel(chosen)} />
    </div>
  );
}

/**
 * The DICOM viewer for a study attached to a case (`/cases/:caseId/studies/:attachmentId`). The URL holds
 * the attachment's id, not the Study Instance UID: ids only in URLs.
 */
export function ViewerPage() {
  const { caseId = '', attachmentId = '' } = useParams();
  const data = useResource(async (signal) => {
    const c = await casesApi.get(caseId, signal);
    const study = c.attachments.find((a) => a.id === attachmentId && a.kind === 'dicom_study')?.studyInstanceUid;
    if (!study) throw new Error('This case has no such study.');
    return { study, series: seriesSummaries(await dicomwebApi.series(study, signal)) };
  }, `${caseId}/${attachmentId}`);
  return (
    <section className="dicom-viewer">
      <PageHeader title="Image viewer">
        <Link to={`/cases/${encodeURIComponent(caseId)}`}>Back to the case</Link>
      </PageHeader>
      <Loadable {...data}>{({ study, series }) => <StudyViewer study={study} series={series} />}</Loadable>
    </section>
  );
}
