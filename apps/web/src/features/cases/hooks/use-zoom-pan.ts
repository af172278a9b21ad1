import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

/** Zoom factor and pan offset (CSS pixels) of an image stage. */
export interface ZoomPanView {
  zoom: number;
  x: number;
  y: number;
}

export interface ZoomPan {
  view: ZoomPanView;
  zoomBy: (factor: number) => void;
  panBy: (dx: number, dy: number) => void;
  reset: () => void;
  /** Pointer and keyboard handlers for a stage; several stages may share them (synchronised views). */
  handlers: {
    onPointerDown: (e: PointerEvent<HTMLElement>) => void;
    onPointerMove: (e: PointerEvent<HTMLElement>) => void;
    onPointerUp: () => void;
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
  };
}

const MIN_ZOOM = 1;
const MAX_ZOOM = 8;
const STEP = 1.25;
const KEY_PAN = 40;
const HOME: ZoomPanView = { zoom: 1, x: 0, y: 0 };

const clamp = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

/**
 * Zoom and pan state with mouse (wheel, drag), touch (drag) and keyboard controls: `+`/`-` zoom, arrow keys
 * pan, `0` resets. One instance shared by two stages keeps them in step (side-by-side comparison).
 */
export function useZoomPan(): ZoomPan {
  const [view, setView] = useState<ZoomPanView>(HOME);
  const drag = useRef<{ x: number; y: number; pointerId: number } | null>(null);

  const zoomBy = useCallback((factor: number) => setView((v) => ({ ...v, zoom: clamp(v.zoom * factor) })), []);
  const panBy = useCallback((dx: number, dy: number) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy })), []);
  const reset = useCallback(() => setView(HOME), []);

  const handlers = useMemo<ZoomPan['handlers']>(
    () => ({
      onPointerDown: (e) => {
        drag.current = { x: e.clientX, y: e.clientY, pointerId: e.pointerId };
        e.currentTarget.setPointerCapture(e.pointerId);
      },
      onPointerMove: (e) => {
        const d = drag.current;
        if (!d || d.pointerId !== e.pointerId) return;
        drag.current = { ...d, x: e.clientX, y: e.clientY };
        panBy(e.clientX - d.x, e.clientY - d.y);
      },
      onPointerUp: () => {
        drag.current = null;
      },
      onKeyDown: (e) => {
        const act: Record<string, () => void> = {
          '+': () => zoomBy(STEP),
          '=': () => zoomBy(STEP),
          '-': () => zoomBy(1 / STEP),
          '0': reset,
          ArrowLeft: () => panBy(KEY_PAN, 0),
          ArrowRight: () => panBy(-KEY_PAN, 0),
          ArrowUp: () => panBy(0, KEY_PAN),
          ArrowDown: () => panBy(0, -KEY_PAN),
        };
        const fn = act[e.key];
        if (!fn || e.altKey || e.ctrlKey || e.metaKey) return;
        e.preventDefault();
        fn();
      },
    }),
    [panBy, reset, zoomBy],
  );

  return { view, zoomBy, panBy, reset, handlers };
}

export const ZOOM_STEP = STEP;
