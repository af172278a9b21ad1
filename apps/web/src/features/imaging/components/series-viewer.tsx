import { type KeyboardEvent, useEffect, useState } from 'react';
import { ProblemAlert } from '../../../shared/form';
import { useSeriesStack } from '../hooks/use-series-stack';
import { CT_PRESETS, rangeWindow, type Window } from '../hooks/window-lut';
import { AttributesPanel } from './attributes-panel';
import { clampZoom, type DragTool, StackCanvas, type View } from './stack-canvas';

const TOOLS: { value: DragTool; label: string }[] = [
  { value: 'window', label: 'Window/level' },
  { value: 'pan', label: 'Pan' },
  { value: 'zoom', label: 'Zoom' },
];
const FIT: View = { zoom: 1, pan: { x: 0, y: 0 } };

/** One series: the toolbar, the image stack with its slider and load progress, and the attributes. */
export function SeriesViewer({ study, series, seriesLabel }: { study: string; series: string; seriesLabel: string }) {
  const stack = useSeriesStack(study, series);
  const [index, setIndex] = useState(0);
  const [win, setWin] = useState<Window | null>(null);
  const [view, setView] = useState<View>(FIT);
  const [tool, setTool] = useState<DragTool>('window');
  const total = stack.items?.length ?? 0;
  const slice = stack.slices[index];

  const { focus } = stack;
  useEffect(() => focus(index), [focus, index]);
  // the first slice shown sets the window: the instance's own, else its value range
  useEffect(() => {
    if (win || !slice) return;
    setWin(slice.info.window ?? (slice.pixels ? rangeWindow(slice.pixels.min, slice.pixels.max) : null));
  }, [win, slice, stack.version]);

  const go = (i: number) => setIndex(Math.min(Math.max(i, 0), Math.max(total - 1, 0)));
  const scroll = (delta: number, absolute?: 'first' | 'last') => (absolute === 'first' ? go(0) : absolute === 'last' ? go(total - 1) : setIndex((i) => Math.min(Math.max(i + delta, 0), Math.max(total - 1, 0))));
  const defaultWindow = () => (slice ? (slice.info.window ?? (slice.pixels ? rangeWindow(slice.pixels.min, slice.pixels.max) : null)) : null);
  const onKey = (e: KeyboardEvent): boolean => {
    const preset = CT_PRESETS[Number(e.key) - 1];
    if (preset && /^[1-9]$/.test(e.key)) setWin(preset.window);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') scroll(-1);
    else if (e.key === 'ArrowDown' || e.key === 'ArrowRight') scroll(1);
    else if (e.key === 'PageUp') scroll(-10);
    else if (e.key === 'PageDown') scroll(10);
    else if (e.key === 'Home') scroll(0, 'first');
    else if (e.key === 'End') scroll(0, 'last');
    else if (e.key === '+' || e.key === '=') setView((v) => ({ ...v, zoom: clampZoom(v.zoom * 1.25) }));
    else if (e.key === '-') setView((v) => ({ ...v, zoom: clampZoom(v.zoom / 1.25) }));
    else if (e.key === '0') setView(FIT);
    else if (e.key === 'r' || e.key === 'R') setWin(defaultWindow());
    else return false;
    return true;
  };
  // full resolution: one image pixel per screen pixel (projection radiographs are read this way)
  const actualSize = () => {
    const box = document.querySelector('.dv-viewport');
    if (!slice || !box || slice.info.columns <= 0 || slice.info.rows <= 0) return;
    const fit = Math.min(box.clientWidth / slice.info.columns, box.clientHeight / slice.info.rows);
    setView({ zoom: clampZoom(1 / fit / (window.devicePixelRatio || 1)), pan: { x: 0, y: 0 } });
  };

  if (stack.error) return <ProblemAlert error={stack.error} />;
  const position = total ? `${index + 1} of ${total}` : '—';
  const { loaded, failed } = stack.progress;
  return (
    <div className="dv-main-and-attributes">
      <div className="dv-main">
        <div className="dv-toolbar" role="toolbar" aria-label="Viewer tools">
          <div role="group" aria-label="Window presets">
            {CT_PRESETS.map((p, i) => (
              <button key={p.name} type="button" aria-keyshortcuts={String(i + 1)} aria-pressed={win?.center === p.window.center && win.width === p.window.width} onClick={() => setWin(p.window)}>
                {p.name} <span className="dv-muted">W{p.window.width} L{p.window.center}</span>
              </button>
            ))}
            <button type="button" aria-keyshortcuts="R" onClick={() => setWin(defaultWindow())}>Default window</button>
          </div>
          <fieldset className="dv-tools">
            <legend>Mouse drag</legend>
            {TOOLS.map((t) => (
              <label key={t.value}>
                <input type="radio" name="dv-tool" value={t.value} checked={tool === t.value} onChange={() => setTool(t.value)} /> {t.label}
              </label>
            ))}
          </fieldset>
          <div role="group" aria-label="Zoom">
            <button type="button" aria-keyshortcuts="+" onClick={() => setView((v) => ({ ...v, zoom: clampZoom(v.zoom * 1.25) }))}>Zoom in</button>
            <button type="button" aria-keyshortcuts="-" onClick={() => setView((v) => ({ ...v, zoom: clampZoom(v.zoom / 1.25) }))}>Zoom out</button>
            <button type="button" aria-keyshortcuts="0" onClick={() => setView(FIT)}>Fit</button>
            <button type="button" onClick={actualSize}>Actual size</button>
          </div>
        </div>
        <StackCanvas
          study={study}
          series={series}
          slice={slice}
          window={win}
          view={view}
          tool={tool}
          label={`${seriesLabel}, image ${position}`}
          onWindow={setWin}
          onView={setView}
          onScroll={scroll}
          onKey={onKey}
        />
        <p id="dv-help" className="dv-muted">
          Wheel or arrow keys, Page Up/Down, Home/End: scroll. Drag: the chosen tool (Shift: pan, Ctrl: zoom). Keys 1–4: presets, R: default window, + − 0: zoom.
        </p>
        <label className="dv-slider">
          Image {position}
          <input type="range" min={1} max={Math.max(total, 1)} value={index + 1} disabled={total < 2} onChange={(e) => go(Number(e.target.value) - 1)} aria-valuetext={`Image ${position}`} />
        </label>
        <div className="dv-progress">
          <progress aria-label="Images loaded" max={Math.max(total, 1)} value={loaded} />
          <span data-testid="dv-progress-text">
            {total === 0 && !stack.items ? 'Finding images…' : `${loaded} of ${total} images loaded${failed ? `, ${failed} failed` : ''}`}
          </span>
        </div>
        <ProblemAlert error={stack.sliceError} />
      </div>
      <AttributesPanel slice={slice} position={position} window={win} zoom={view.zoom} />
    </div>
  );
}
