import { STAFF_ROLES, type MfaEnrolment, type SessionStage } from '@telehealth/contracts/identity';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { randomToken, seal, sha256Hex, unseal } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import * as credentials from './credentials.repo.js';
import { afterFailure, blockedFor } from './login-throttle.js';
import { verifyPassword } from './password.js';
import * as sessions from './sessions.repo.js';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.js';
import * as users from './users.repo.js';

/** A resolved credential: who is acting, and the session behind it when it is a browser. */
export interface Authenticated {
  actor: Actor;
  stage: SessionStage;
  csrfToken: string | null;
}

export interface IssuedSession {
  /** The cookie secret; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  stage: SessionStage;
}

// Refresh last_seen_at at most this often: idle time-out precision vs. a write on every request.
const TOUCH_INTERVAL_MS = 30_000;
export const API_TOKEN_PREFIX = 'th_';

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly masterKey: Buffer,
  ) {}

  /** Checks email and password; staff continue to MFA enrolment or challenge on the returned session. */
  async login(email: string, password: string): Promise<IssuedSession> {
    const now = this.clock();
    const accountKey = sha256Hex(`login:${email.trim().toLowerCase()}`);
    const attempt = await credentials.findLoginAttempt(this.db, accountKey);
    const user = await users.findByEmail(this.db, email.trim());
    const wait = blockedFor(attempt, now);
    if (wait > 0) {
      // Attributed to the account when it exists, so its organization's admins see the attack in the report.
      await this.audit.record({
        action: 'auth.login',
        outcome: 'denied',
        actor: null,
        userId: user?.id ?? null,
        organizationId: user?.organizationId ?? null,
        detail: { reason: 'throttled' },
      });
      throw new AppError('LOGIN_THROTTLED', undefined, { headers: { 'retry-after': String(Math.ceil(wait / 1000)) } });
    }
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok || user.disabled) {
      await credentials.saveLoginAttempt(this.db, afterFailure(accountKey, attempt, now));
      await this.audit.record({
        action: 'auth.login',
        outcome: 'failure',
        actor: null,
        userId: user?.id ?? null,
        organizationId: user?.organizationId ?? null,
        detail: { reason: !user ? 'unknown_account' : user.disabled ? 'disabled' : 'bad_password' },
      });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (attempt) await credentials.clearLoginAttempts(this.db, accountKey);
    const staff = user.roles.some((r) => STAFF_ROLES.includes(r.role));
    const stage: SessionStage = !staff ? 'authenticated' : user.totpSecretSealed ? 'mfa_challenge' : 'mfa_enrol';
    const issued = await this.issueSession(user.id, stage);
    await this.audit.record({
      action: 'auth.login',
      outcome: 'success',
      actor: this.actorOf(user, 'session', sha256Hex(issued.token)),
      detail: { stage },
    });
    return issued;
  }

  /** Starts (or restarts) TOTP enrolment for a session in stage `mfa_enrol`. */
  async startEnrolment(actor: Actor): Promise<MfaEnrolment> {
    requireBrowserSession(actor);
    const user = await this.requireUser(actor.userId);
    if (user.totpSecretSealed) throw new AppError('MFA_ALREADY_ENROLLED');
    const secret = newTotpSecret();
    await users.setPendingTotp(this.db, user.id, seal(this.masterKey, secret, `totp-pending:${user.id}`));
    await this.audit.record({ action: 'auth.mfa.enrol_start', outcome: 'success', resourceType: 'user', resourceId: user.id });
    return { secret, otpauthUri: otpauthUri(secret, user.email, 'Telehealth') };
  }

  /** Confirms enrolment with a first code; the session is replaced by a fully authenticated one. */
  async confirmEnrolment(actor: Actor, code: string): Promise<IssuedSession> {
    requireBrowserSession(actor);
    const user = await this.requireUser(actor.userId);
    if (user.totpSecretSealed) throw new AppError('MFA_ALREADY_ENROLLED');
    if (!user.totpPendingSealed) throw new AppError('MFA_NOT_STARTED');
    const secret = unseal(this.masterKey, user.totpPendingSealed, `totp-pending:${user.id}`);
    const step = matchTotp(secret, code, this.clock());
    if (step === null) {
      await this.audit.record({ action: 'auth.mfa.enrol', outcome: 'failure', resourceType: 'user', resourceId: user.id });
      throw new AppError('MFA_CODE_INVALID');
    }
    await users.activateTotp(this.db, user.id, seal(this.masterKey, secret, `totp:${user.id}`), step);
    await this.audit.record({ action: 'auth.mfa.enrol', outcome: 'success', resourceType: 'user', resourceId: user.id });
    return this.elevate(actor);
  }

  /** Verifies a TOTP code for a session in stage `mfa_challenge`. Each code works once. */
  async verifyMfa(actor: Actor, code: string): Promise<IssuedSession> {
    requireBrowserSession(actor);
    const now = this.clock();
    const user = await this.requireUser(actor.userId);
    if (!user.totpSecretSealed) throw new AppError('MFA_ENROLMENT_REQUIRED');
    const accountKey = sha256Hex(`mfa:${user.id}`);
    const attempt = await credentials.findLoginAttempt(this.db, accountKey);
    const wait = blockedFor(attempt, now);
    if (wait > 0) {
      await this.audit.record({ action: 'auth.mfa.verify', outcome: 'denied', detail: { reason: 'throttled' } });
      throw new AppError('LOGIN_THROTTLED', undefined, { headers: { 'retry-after': String(Math.ceil(wait / 1000)) } });
    }
    const secret = unseal(this.masterKey, user.totpSecretSealed, `totp:${user.id}`);
    const step = matchTotp(secret, code, now);
    const fresh = step !== null && (await users.consumeTotpStep(this.db, user.id, step));
    if (!fresh) {
      await credentials.saveLoginAttempt(this.db, afterFailure(accountKey, attempt, now));
      await this.audit.record({
        action: 'auth.mfa.verify',
        outcome: 'failure',
        detail: { reason: step === null ? 'wrong_code' : 'code_reused' },
      });
      throw new AppError('MFA_CODE_INVALID');
    }
    if (attempt) await credentials.clearLoginAttempts(this.db, accountKey);
    await this.audit.record({ action: 'auth.mfa.verify', outcome: 'success' });
    return this.elevate(actor);
  }

  async logout(actor: Actor): Promise<void> {
    requireBrowserSession(actor);
    if (actor.sessionId) await sessions.revokeSession(this.db, actor.sessionId, new Date(this.clock()));
    await this.audit.record({ action: 'auth.logout', outcome: 'success' });
  }

  /** Resolves a session cookie. Expired (idle or absolute) and revoked sessions resolve to null. */
  async resolveSession(cookieToken: string): Promise<Authenticated | null> {
    const now = this.clock();
    const ctx = await sessions.findSessionContext(this.db, sha256Hex(cookieToken));
    if (!ctx || ctx.revokedAt || ctx.disabled) return null;
    const idleMs = this.config.sessionIdleMinutes * 60_000;
    if (now >= ctx.expiresAt.getTime() || now - ctx.lastSeenAt.getTime() >= idleMs) {
      await sessions.revokeSession(this.db, ctx.id, new Date(now));
      return null;
    }
    if (now - ctx.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) await sessions.touchSession(this.db, ctx.id, new Date(now));
    return {
      actor: this.actorOf({ ...ctx, id: ctx.userId }, 'session', ctx.id),
      stage: ctx.stage,
      csrfToken: ctx.csrfToken,
    };
  }

  /** Resolves an `Authorization: Bearer` API token; expired, revoked and disabled-user tokens resolve to null. */
  async resolveToken(bearer: string): Promise<Authenticated | null> {
    if (!bearer.startsWith(API_TOKEN_PREFIX) || bearer.length > 200) return null;
    const now = this.clock();
    const ctx = await sessions.findTokenContext(this.db, sha256Hex(bearer));
    if (!ctx || ctx.revokedAt || ctx.disabled || now >= ctx.expiresAt.getTime()) return null;
    if (!ctx.lastUsedAt || now - ctx.lastUsedAt.getTime() >= 60_000) await sessions.touchToken(this.db, ctx.id, new Date(now));
    const actor: Actor = {
      userId: ctx.userId,
      organizationId: ctx.organizationId,
      roles: ctx.roles,
      patientId: ctx.patientId,
      via: 'token',
      sessionId: null,
      tokenId: ctx.id,
    };
    return { actor, stage: 'authenticated', csrfToken: null };
  }

  async organizationOf(actor: Actor): Promise<{ id: string; name: string }> {
    const org = await users.findOrganization(this.db, actor.organizationId);
    if (!org) throw new AppError('UNAUTHENTICATED');
    return { id: org.id, name: org.name };
  }

  private async issueSession(userId: string, stage: SessionStage): Promise<IssuedSession> {
    const now = new Date(this.clock());
    const token = randomToken(32);
    const csrfToken = randomToken(24);
    await sessions.insertSession(this.db, {
      id: sha256Hex(token),
      userId,
      stage,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000),
      revokedAt: null,
    });
    return { token, csrfToken, stage };
  }

  /** Replaces the session with a new id on privilege change (OWASP session fixation defence). */
  private async elevate(actor: Actor): Promise<IssuedSession> {
    if (actor.sessionId) await sessions.revokeSession(this.db, actor.sessionId, new Date(this.clock()));
    return this.issueSession(actor.userId, 'authenticated');
  }

  private async requireUser(id: string): Promise<users.UserWithRoles> {
    const user = await users.findById(this.db, id);
    if (!user || user.disabled) throw new AppError('UNAUTHENTICATED');
    return user;
  }

  private actorOf(
    user: Pick<users.UserWithRoles, 'id' | 'organizationId' | 'roles' | 'patientId'>,
    via: 'session',
    sessionId: string,
  ): Actor {
    return {
      userId: user.id,
      organizationId: user.organizationId,
      roles: user.roles,
      patientId: user.patientId,
      via,
      sessionId,
      tokenId: null,
    };
  }
}

/** MFA steps and logout belong to a browser session; an API token cannot perform them. */
function requireBrowserSession(actor: Actor): void {
  if (actor.via !== 'session' || !actor.sessionId) {
    throw new AppError('FORBIDDEN', 'This action needs a browser session, not an API token.');
  }
}
