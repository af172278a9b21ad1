export { SYSTEM_USER_ID, systemActor } from '../../platform/actor.js';
