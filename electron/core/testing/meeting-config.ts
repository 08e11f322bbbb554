/** A launch whose board has one manual criterion per scoring category: sign-offs move it from NO-GO to GO. */
export const MEETING_CONFIG = `version: 1
name: meeting test
defaultEnvironment: production
environments:
  staging: { label: Staging }
  production: { label: Production, production: true }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
probes: { standard: false }
board:
  threshold: 90
  criteria:
    pentest: { title: Pen test signed off, group: technical, category: security, signoff: { role: security } }
    capacity: { title: Capacity plan approved, group: technical, category: performance, signoff: { role: performance } }
    on-call: { title: On-call schedule established, group: operational, category: operations, signoff: { role: operations } }
    stakeholders: { title: Stakeholders approve launch, group: business, category: validation, signoff: { role: stakeholders } }
`;
