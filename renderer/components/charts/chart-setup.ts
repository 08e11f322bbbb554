/**
 * chart.js with only the parts the tiles and the history use (tree-shaken). Loaded on demand
 * (load-chart.ts), so the board's numbers and words never wait for the charting code.
 */
import { BarController, BarElement, CategoryScale, Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { COLORS, FONT } from './chart-colors.js';

// Bars and categories: the Security view's scan-to-scan comparison.
Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip, BarController, BarElement, CategoryScale);
Chart.defaults.color = COLORS.muted;
Chart.defaults.borderColor = COLORS.line;
Chart.defaults.font.family = FONT;

export { Chart };
