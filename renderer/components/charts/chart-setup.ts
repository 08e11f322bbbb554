/**
 * chart.js with only the parts the tiles and the history use (tree-shaken). Loaded on demand
 * (load-chart.ts), so the board's numbers and words never wait for the charting code.
 */
import { Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { COLORS, FONT } from './chart-colors.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip);
Chart.defaults.color = COLORS.muted;
Chart.defaults.borderColor = COLORS.line;
Chart.defaults.font.family = FONT;

export { Chart };
