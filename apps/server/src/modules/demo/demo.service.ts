export const DEMO_PASSWORD = 'placeholder';
export interface DemoSummary { organizationId: string }
export async function seedDemo(): Promise<DemoSummary> { throw new Error('not yet'); }
