export { summarize } from './summarize'
