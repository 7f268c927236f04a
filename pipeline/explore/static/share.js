// Shareable links: the URL's fragment carries the source, deflated (CompressionStream's
// 'deflate-raw') and base64url-encoded: #z=<data>&f=<file name>. Browsers without
// CompressionStream write #s=<base64url of the UTF-8 text> instead; both are read back.

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function transform(bytes, stream) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

const canCompress = typeof CompressionStream === 'function';

let lastWritten = '';

export async function writeShared(source, filename) {
  const bytes = new TextEncoder().encode(source);
  const data = canCompress ? 'z=' + toBase64Url(await transform(bytes, new CompressionStream('deflate-raw'))) : 's=' + toBase64Url(bytes);
  const hash = '#' + data + '&f=' + encodeURIComponent(filename);
  if (hash !== lastWritten) {
    lastWritten = hash;
    history.replaceState(null, '', hash);
  }
}

export async function readShared() {
  const params = new URLSearchParams(location.hash.slice(1));
  try {
    let bytes;
    if (params.has('z')) bytes = await transform(fromBase64Url(params.get('z')), new DecompressionStream('deflate-raw'));
    else if (params.has('s')) bytes = fromBase64Url(params.get('s'));
    else return null;
    return { source: new TextDecoder().decode(bytes), filename: params.get('f') || 'main.py' };
  } catch (error) {
    console.warn('the link does not carry a readable source', error);
    return null;
  }
}
