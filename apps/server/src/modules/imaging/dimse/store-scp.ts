import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import dimse from 'dcmjs-dimse';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../../platform/errors.js';
import { isValidUid } from '../dicom-file.js';
import { toPart10 } from './part10.js';

const { Scp, Dataset } = dimse;
const { Status, RejectResult, RejectSource, RejectReason, PresentationContextResult, SopClass, TransferSyntax } = dimse.constants;
type Association = InstanceType<typeof dimse.association.Association>;
type PresentationContext = InstanceType<typeof dimse.association.PresentationContext>;
type CStoreRequest = InstanceType<typeof dimse.requests.CStoreRequest>;
type CEchoRequest = InstanceType<typeof dimse.requests.CEchoRequest>;

dimse.log.setLevel('silent');

/** Transfer syntaxes stored as sent (PS3.5 Annex A): uncompressed, deflate, JPEG, JPEG-LS, JPEG 2000, RLE. */
export const ACCEPTED_SYNTAXES = new Set<string>([
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
  TransferSyntax.JpegBaseline,
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  TransferSyntax.JpegLossless,
  TransferSyntax.JpegLsLossless,
  TransferSyntax.JpegLsLossy,
  TransferSyntax.Jpeg2000Lossless,
  TransferSyntax.Jpeg2000Lossy,
  TransferSyntax.RleLossless,
]);
/** Storage SOP classes live under this root (PS3.4 Annex B.5). */
const STORAGE_ROOT = '1.2.840.10008.5.1.4.1.1.';

/** The site an allowed caller sends to; null rejects the association. */
export type AeResolver = (callingAeTitle: string, address: string | null) => Promise<{ organizationId: string; siteId: string } | null>;
export type StoreHandler = (part10: Buffer, target: { organizationId: string; siteId: string }) => Promise<void>;

export interface ScpDeps {
  aeTitle: string;
  maxInstanceBytes: number;
  resolve: AeResolver;
  store: StoreHandler;
  log: FastifyBaseLogger;
}

/** Accumulates one C-STORE data set, keeping nothing beyond the size limit. */
class InstanceSink extends Writable {
  chunks: Buffer[] = [];
  size = 0;
  overflow = false;
  constructor(private readonly max: number) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.size += chunk.length;
    if (this.size > this.max) {
      this.overflow = true;
      this.chunks = [];
    } else this.chunks.push(Buffer.from(chunk));
    done();
  }
}

/** C-STORE status for an ingest failure (PS3.4 B.2.3; 0111H Duplicate SOP Instance, PS3.7 C.4). */
const STATUS: Partial<Record<string, number>> = {
  DICOM_INSTANCE_CONFLICT: Status.DuplicateSOPInstance,
  DICOM_TOO_LARGE: 0xa700,
  DICOM_UID_INVALID: Status.DataSetSopClassMismatch,
  DICOM_ATTRIBUTE_INVALID: Status.DataSetSopClassMismatch,
};

function statusOf(err: unknown): number {
  if (!(err instanceof AppError)) return Status.ProcessingFailure;
  // anything else (non-DICOM, truncated): C000H Error: cannot understand
  return STATUS[err.code] ?? 0xc000;
}

/**
 * A C-ECHO / C-STORE service class provider (PS3.4 Annex A and B) for one connection. The calling AE title
 * (and the caller's address) must be on a site's allow-list, else the association is rejected (PS3.8 §7.1.1.9).
 */
export function storeScpClass(deps: ScpDeps): typeof Scp {
  const raw = new WeakMap<object, { bytes: Buffer | null; overflow: boolean }>();
  return class StoreScp extends Scp {
    private target: { organizationId: string; siteId: string } | null = null;
    private callingAe = '';
    private readonly address: string | null;
    private assoc: Association | null = null;
    private readonly sock: Socket;

    constructor(socket: Socket, opts?: ConstructorParameters<typeof Scp>[1]) {
      super(socket, opts);
      this.sock = socket;
      this.address = socket.remoteAddress?.replace(/^::ffff:/, '') ?? null;
    }

    override associationRequested(association: Association): void {
      this.decide(association).catch((err: unknown) => {
        deps.log.error({ err }, 'dimse association check failed');
        this.sendAssociationReject(RejectResult.Transient, RejectSource.ServiceUser, RejectReason.NoReasonGiven);
      });
    }

    private async decide(association: Association): Promise<void> {
      this.assoc = association;
      this.callingAe = association.getCallingAeTitle().trim();
      if (association.getCalledAeTitle().trim() !== deps.aeTitle) {
        deps.log.warn({ calledAe: association.getCalledAeTitle() }, 'dimse association rejected: called AE title');
        return this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CalledAeNotRecognized);
      }
      this.target = await deps.resolve(this.callingAe, this.address);
      if (!this.target) {
        deps.log.warn({ callingAe: this.callingAe, address: this.address }, 'dimse association rejected: calling AE title not allowed');
        return this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CallingAeNotRecognized);
      }
      for (const c of association.getPresentationContexts()) negotiate(association.getPresentationContext(c.id));
      this.sendAssociationAccept();
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
    }

    override cEchoRequest(request: CEchoRequest, callback: (r: InstanceType<typeof dimse.responses.CEchoResponse>) => void): void {
      const response = dimse.responses.CEchoResponse.fromRequest(request);
      response.setStatus(Status.Success);
      callback(response);
    }

    override createStoreWritableStream(): Writable {
      return new InstanceSink(deps.maxInstanceBytes);
    }

    override createDatasetFromStoreWritableStream(writable: Writable, context: PresentationContext, callback: (dataset: InstanceType<typeof Dataset>) => void): void {
      const sink = writable as InstanceSink;
      const dataset = new Dataset({}, context.getAcceptedTransferSyntaxUid());
      raw.set(dataset, { bytes: sink.overflow ? null : Buffer.concat(sink.chunks), overflow: sink.overflow });
      callback(dataset);
    }

    override cStoreRequest(request: CStoreRequest, callback: (r: InstanceType<typeof dimse.responses.CStoreResponse>) => void): void {
      const response = dimse.responses.CStoreResponse.fromRequest(request);
      this.store(request)
        .then(() => response.setStatus(Status.Success))
        .catch((err: unknown) => {
          if (!(err instanceof AppError)) deps.log.error({ err }, 'dimse c-store failed');
          response.setStatus(statusOf(err));
        })
        .finally(() => callback(response));
    }

    private async store(request: CStoreRequest): Promise<void> {
      const dataset = request.getDataset();
      const got = dataset ? raw.get(dataset) : undefined;
      const context = this.assoc?.getAcceptedPresentationContextFromRequest(request);
      const ts = context?.getAcceptedTransferSyntaxUid();
      if (!got || !this.target || !ts) throw new AppError('DICOM_INVALID');
      if (got.overflow || !got.bytes) throw new AppError('DICOM_TOO_LARGE');
      const sopClass = request.getAffectedSopClassUid();
      const sopInstance = request.getAffectedSopInstanceUid();
      if (!isValidUid(sopClass) || !isValidUid(sopInstance)) throw new AppError('DICOM_UID_INVALID');
      await deps.store(toPart10(sopClass, sopInstance, ts, this.callingAe, got.bytes), this.target);
    }

    override abort(): void {
      deps.log.info({ callingAe: this.callingAe }, 'dimse association aborted by the caller');
      this.sock.destroy();
    }
  };
}

/** Accepts verification and storage contexts in the first proposed transfer syntax we store as sent. */
function negotiate(context: PresentationContext | undefined): void {
  if (!context) return;
  const abstract = context.getAbstractSyntaxUid();
  if (abstract !== SopClass.Verification && !abstract.startsWith(STORAGE_ROOT)) {
    context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
    return;
  }
  const ts = context.getTransferSyntaxUids().find((t) => ACCEPTED_SYNTAXES.has(t));
  if (ts) context.setResult(PresentationContextResult.Accept, ts);
  else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
}
