/** Renderer unit tests: jsdom + Testing Library, fed through the memory client. */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    name: 'renderer',
    environment: 'jsdom',
    include: ['renderer/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
