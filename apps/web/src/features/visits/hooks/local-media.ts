/** Camera and microphone choices, from `enumerateDevices()` (labels appear once permission is granted). */
export async function listDevices(): Promise<{ cameras: MediaDeviceInfo[]; microphones: MediaDeviceInfo[] }> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return { cameras: all.filter((d) => d.kind === 'videoinput'), microphones: all.filter((d) => d.kind === 'audioinput') };
}

/**
 * Replaces the camera or microphone track of `stream` in place with one from `deviceId`, keeping the old track's
 * enabled state (mute, camera off). The stream object stays the same, so previews keep working; callers then
 * `replaceTrack` the new track onto their senders.
 */
export async function replaceDevice(stream: MediaStream, kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack> {
  const constraints: MediaStreamConstraints =
    kind === 'audio' ? { audio: { deviceId: { exact: deviceId } } } : { video: { deviceId: { exact: deviceId }, width: 640, height: 360 } };
  const fresh = (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
  if (!fresh) throw new Error('The device gave no track.');
  const old = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
  if (old) {
    fresh.enabled = old.enabled;
    stream.removeTrack(old);
    old.stop();
  }
  stream.addTrack(fresh);
  return fresh;
}
