import { loadSharedConfigFiles } from '@smithy/core/config'

/**
 * The profile AWS_PROFILE names when neither shared file (~/.aws/config, ~/.aws/credentials,
 * or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE) holds it, read as the SDK reads them;
 * else undefined. The SDK only says it found no credentials, whatever the reason.
 */
export async function missingProfile(
  env: NodeJS.ProcessEnv = process.env
): Promise<string | undefined> {
  const profile = env.AWS_PROFILE?.trim()
  if (!profile) return undefined
  try {
    const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true })
    return profile in configFile || profile in credentialsFile ? undefined : profile
  } catch {
    // A file that cannot be read is the SDK's to report, not a missing profile.
    return undefined
  }
}
