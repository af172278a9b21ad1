import { type KeyboardEvent, type PointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import { dicomwebApi } from '../api';
import type { Slice } from '../hooks/use-series-stack';
import { dragWindow, renderGray, type Window } from '../hooks/window-lut';

export type DragTool = 'window' | 'pan' | 'zoom';
export interface View {
  zoom: number;
  pan: { x: number; y: number };
}
export const clampZoom = (z: number) => Math.min(32, Math.max(0.25, z));

interface Props {
  study: string;
  series: string;
  slice: Slice | undefined;
  window: Window | null;
  view: View;
  tool: DragTool;
  label: string;
  onWindow: (w: Window) => void;
  onView: (v: View) => void;
  /** Scroll the stack by this many slices (negative: back). */
  onScroll: (delta: number, absolute?: 'first' | 'last') => void;
  onKey: (e: KeyboardEvent) => boolean;
}

/** The slice drawn at native resolution into an offscreen canvas (or the server's rendered image). */
interface Source {
  image: CanvasImageSource;
  width: number;
  height: number;
}

function useSource(study: string, series: string, slice: Slice | undefined, win: Window | null): { source: Source | null; failed: boolean } {
  const offscreen = useMemo(() => document.createElement('canvas'), []);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [failed, setFailed] = useState(false);
  const px = slice?.pixels;
  const drawn = useMemo(() => {
    if (!px || !slice || !win) return null;
    offscreen.width = px.columns;
    offscreen.height = px.rows;
    const ctx = offscreen.getContext('2d');
    if (!ctx) return null;
    const data = ctx.createImageData(px.columns, px.rows);
    renderGray(px.values, px.min, px.max, win, slice.info.photometric === 'MONOCHROME1', data.data);
    ctx.putImageData(data, 0, 0);
    // a new object per drawing, so the visible canvas repaints although the offscreen canvas is reused
    return { image: offscreen, width: px.columns, height: px.rows };
  }, [offscreen, px, slice, win]);
  const fallback = slice && !slice.pixels ? slice : null;
  useEffect(() => {
    if (!fallback) return;
    // debounced: dragging the window does not send a request per pointer move
    const timer = setTimeout(() => {
      const img = new Image();
      img.onload = () => {
        setFailed(false);
        setImage(img);
      };
      img.onerror = () => {
        setFailed(true);
        setImage(null);
      };
      img.src = dicomwebApi.renderedUrl(study, series, fallback.info.sopInstanceUid, fallback.frame, win);
    }, 120);
    return () => clearTimeout(timer);
  }, [fallback, study, series, win]);
  const rendered = useMemo(() => (image ? { image, width: image.naturalWidth, height: image.naturalHeight } : null), [image]);
  if (fallback) return { source: rendered, failed };
  return { source: drawn, failed: false };
}

/**
 * The image on a canvas: drawn from the slice's modality values through the window LUT, fitted to the box,
 * then zoomed and panned. Mouse: wheel scrolls, drag does the chosen tool (Shift: pan, Ctrl: zoom).
 */
export function StackCanvas(p: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const { source, failed } = useSource(p.study, p.series, p.slice, p.window);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const latest = useRef(p);
  latest.current = p;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    observer.observe(el);
    // the wheel must not scroll the page: a non-passive listener (React's onWheel is passive)
    const onWheel = (e: globalThis.WheelEvent) => {
      e.preventDefault();
      const { view, onView, onScroll } = latest.current;
      if (e.ctrlKey) onView({ ...view, zoom: clampZoom(view.zoom * (e.deltaY < 0 ? 1.15 : 1 / 1.15)) });
      else if (e.deltaY !== 0) onScroll(e.deltaY > 0 ? 1 : -1);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      observer.disconnect();
      el.removeEventListener('wheel', onWheel);
    };
  }, []);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || size.w === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(size.w * dpr);
    c.height = Math.round(size.h * dpr);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, c.width, c.height);
    if (!source || source.width === 0) return;
    const s = Math.min(c.width / source.width, c.height / source.height) * p.view.zoom;
    // magnified pixels stay sharp squares; reduced images are smoothed
    ctx.imageSmoothingEnabled = s < 1;
    ctx.setTransform(s, 0, 0, s, c.width / 2 + p.view.pan.x * dpr - (source.width * s) / 2, c.height / 2 + p.view.pan.y * dpr - (source.height * s) / 2);
    ctx.drawImage(source.image, 0, 0);
  }, [source, size, p.view]);

  const onDown = (e: PointerEvent) => {
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent) => {
    if (!drag.current) return;
    const dx = e.clientX - drag.current.x;
    const dy = e.clientY - drag.current.y;
    drag.current = { x: e.clientX, y: e.clientY };
    const tool: DragTool = e.shiftKey ? 'pan' : e.ctrlKey ? 'zoom' : p.tool;
    if (tool === 'pan') p.onView({ ...p.view, pan: { x: p.view.pan.x + dx, y: p.view.pan.y + dy } });
    else if (tool === 'zoom') p.onView({ ...p.view, zoom: clampZoom(p.view.zoom * Math.exp(-dy * 0.01)) });
    else if (p.window) {
      const px = p.slice?.pixels;
      const step = px ? Math.max(1, (px.max - px.min) / 1000) : 1;
      p.onWindow(dragWindow(p.window, dx, dy, step));
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (p.onKey(e)) e.preventDefault();
  };

  return (
    <div
      ref={box}
      className="dv-viewport"
      role="application"
      aria-roledescription="image stack"
      aria-label={p.label}
      aria-describedby="dv-help"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      data-tool={p.tool}
    >
      <canvas ref={canvas} data-testid="dicom-canvas" />
      {!p.slice ? <p className="dv-overlay" role="status">Loading image…</p> : null}
      {p.slice?.fallback ? <p className="dv-overlay dv-overlay-corner">Rendered by the server: {p.slice.fallback}</p> : null}
      {p.slice?.fallback && failed ? <p className="dv-overlay" role="alert">The browser cannot decode this image and the server could not render it.</p> : null}
    </div>
  );
}
