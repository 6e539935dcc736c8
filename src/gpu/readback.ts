/**
 * Reads a range of a GPU buffer back to the CPU through a staging buffer (MAP_READ). Returned
 * as raw bytes, so float data is viewed as a plain Float32Array: NaN and ±Inf come through as
 * values (TypeGPU's typed vector reads throw on them).
 */
export async function readBuffer(
  device: GPUDevice,
  src: GPUBuffer,
  offset: number,
  size: number,
): Promise<ArrayBuffer> {
  const staging = device.createBuffer({
    size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(src, offset, staging, 0, size);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    return staging.getMappedRange().slice(0);
  } finally {
    staging.destroy();
  }
}
