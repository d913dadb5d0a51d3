// Sign-in: the channel's API key, typed in and kept only in this tab's session storage, or the
// TLS client certificate when the page is served over HTTPS. Either way GET /v1/me tells the role
// and what the page may offer it.

import * as api from './api.js';
import { clearError, showError } from './errors.js';

const $ = (id) => document.getElementById(id);

/** Wires the sign-in form; onSignedIn receives the caller (GET /v1/me). */
export function initSignIn(onSignedIn) {
  const form = $('signin-form');
  const input = $('api-key');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      input.focus();
      return;
    }
    clearError();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const caller = await api.me(key);
      api.credential.useKey(key);
      input.value = '';
      onSignedIn(caller);
    } catch (error) {
      showError(error);
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  if (window.location.protocol === 'https:') {
    $('cert-signin').hidden = false;
    $('use-cert').addEventListener('click', async () => {
      clearError();
      api.credential.clear();
      try {
        const caller = await api.me();
        api.credential.useCertificate();
        onSignedIn(caller);
      } catch (error) {
        showError(error);
      }
    });
  }
}

/** Signs in again with the tab's credential after a reload; false when there is none or it fails. */
export async function resume(onSignedIn) {
  if (!api.credential.present()) {
    return false;
  }
  try {
    onSignedIn(await api.me());
    return true;
  } catch (error) {
    api.credential.clear();
    showError(error);
    return false;
  }
}

/** Forgets the credential and shows the sign-in form. */
export function signOut() {
  api.credential.clear();
  // a fresh page: nothing of the last caller's documents or results stays in memory
  window.location.replace('/');
}

