// WGSL sources are imported as strings (`import code from './x.wgsl?raw'`), in Vite, Vitest and esbuild.
declare module '*.wgsl?raw' {
  const code: string;
  export default code;
}
