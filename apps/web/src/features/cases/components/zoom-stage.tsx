import { useEffect, useId, useRef, type ReactNode } from 'react';
import { type ZoomPan, ZOOM_STEP } from '../hooks/use-zoom-pan';
import './image-tools.css';

/**
 * A focusable, clipped stage whose content zooms and pans with `zp`: wheel, drag, and the keyboard
 * (`+`/`-`, arrow keys, `0`). Two stages given the same `zp` move together.
 */
export function ZoomStage({ zp, label, children }: { zp: ZoomPan; label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const { zoomBy } = zp;
  // React's onWheel listener is passive; a native one can stop the page from scrolling while zooming.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      zoomBy(e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomBy]);
  const { zoom, x, y } = zp.view;
  return (
    <div ref={ref} className="zoom-stage" tabIndex={0} role="group" aria-label={label} aria-describedby={hintId} {...zp.handlers}>
      <span id={hintId} className="visually-hidden">Plus and minus zoom, arrow keys move the image, zero resets.</span>
      <div className="zoom-layer" data-view={`${zoom.toFixed(4)} ${Math.round(x)} ${Math.round(y)}`} style={{ transform: `translate(${x}px, ${y}px) scale(${zoom})` }}>
        {children}
      </div>
    </div>
  );
}

/** Zoom in / out / reset buttons and the current zoom, for one stage or several in step. */
export function ZoomButtons({ zp }: { zp: ZoomPan }) {
  return (
    <>
      <button type="button" onClick={() => zp.zoomBy(ZOOM_STEP)}>Zoom in</button>
      <button type="button" onClick={() => zp.zoomBy(1 / ZOOM_STEP)}>Zoom out</button>
      <button type="button" onClick={zp.reset}>Reset view</button>
      <span className="zoom-level" aria-live="polite">{Math.round(zp.view.zoom * 100)} %</span>
    </>
  );
}
