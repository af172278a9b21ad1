import { useRef, useState, type PointerEvent, type WheelEvent } from 'react';

/** Full-resolution image with zoom (buttons, wheel) and pan (drag). The image is the re-encoded, metadata-free copy. */
export function ImageViewer({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number } | null>(null);
  const clamp = (z: number) => Math.min(8, Math.max(1, z));
  const onWheel = (e: WheelEvent) => setZoom((z) => clamp(z * (e.deltaY < 0 ? 1.2 : 1 / 1.2)));
  const onDown = (e: PointerEvent) => {
    drag.current = { x: e.clientX - pan.x, y: e.clientY - pan.y };
    (e.target as Element).setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent) => {
    if (drag.current) setPan({ x: e.clientX - drag.current.x, y: e.clientY - drag.current.y });
  };
  return (
    <div className="image-viewer" role="dialog" aria-label={alt}>
      <div className="image-viewer-tools">
        <button type="button" onClick={() => setZoom((z) => clamp(z * 1.5))}>Zoom in</button>
        <button type="button" onClick={() => setZoom((z) => clamp(z / 1.5))}>Zoom out</button>
        <button type="button" onClick={() => { setZoom(1); setPan({ x: 0, y: 0 }); }}>Reset</button>
        <a href={src} download>Download</a>
        <button type="button" onClick={onClose}>Close</button>
      </div>
      <div className="image-viewer-stage" onWheel={onWheel} onPointerDown={onDown} onPointerMove={onMove} onPointerUp={() => (drag.current = null)}>
        <img src={src} alt={alt} draggable={false} style={{ transform: `translate(${pan.x}px, ${pan.y}px) scale(${zoom})` }} />
      </div>
    </div>
  );
}
