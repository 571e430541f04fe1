// The trainer worker: owns the GPUDevice and the engine; the page talks to it only through protocol.ts
// (comlink). Everything but opening the browser's device lives in trainer-api.ts, which Node tests exercise.

import * as Comlink from 'comlink';
import { openDevice } from '../engine/gpu/request-device';
import { createTrainerApi } from './trainer-api';

Comlink.expose(
  createTrainerApi(async (onLost) => {
    if (typeof navigator === 'undefined' || !navigator.gpu) {
      throw new Error('WebGPU is not available in this browser (navigator.gpu is missing): use a recent Chrome or Edge, or enable WebGPU');
    }
    return openDevice(navigator.gpu, onLost);
  }),
);
