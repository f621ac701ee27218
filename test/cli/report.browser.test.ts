/**
 * The HTML report opened in headless Chromium (Debian's `chromium`): the timeline must render.
 * `scripts/ensure-chromium.sh` installs Chromium when it is missing; if that or the launch fails,
 * this test fails (it never skips). The screenshot is decoded in the page itself (a canvas), so the
 * check needs no image library: enough non-background pixels in the chart, and the outcome colours.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserContext } from 'playwright-core'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Io } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

interface Counts {
  readonly pixels: number
  readonly ink: number
  readonly green: number
  readonly orange: number
  readonly red: number
}

/** Runs in the page (plain JS: the project's tsconfig has no DOM types): decodes the PNG, counts. */
const COUNT_PIXELS = `async (b64) => {
  const img = new Image()
  img.src = 'data:image/png;base64,' + b64
  await img.decode()
  const canvas = document.createElement('canvas')
  canvas.width = img.width
  canvas.height = img.height
  const ctx = canvas.getContext('2d')
  ctx.drawImage(img, 0, 0)
  const d = ctx.getImageData(0, 0, img.width, img.height).data
  const near = (i, r, g, b) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40
  let ink = 0, green = 0, orange = 0, red = 0
  for (let i = 0; i < d.length; i += 4) {
    if (!(near(i, 255, 255, 255) || near(i, 246, 248, 250))) ink++
    if (near(i, 0x2e, 0x8b, 0x57)) green++
    if (near(i, 0xe8, 0x71, 0x0a)) orange++
    if (near(i, 0xd9, 0x30, 0x25)) red++
  }
  return { pixels: d.length / 4, ink, green, orange, red }
}`

const dir = mkdtempSync(join(tmpdir(), 'hbm-report-'))
const report = join(dir, 'report.html')
let context: BrowserContext

beforeAll(async () => {
  const install = spawnSync(
    'bash',
    [join(import.meta.dirname, '..', '..', 'scripts', 'ensure-chromium.sh')],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 540_000
    }
  )
  if (install.status !== 0)
    throw new Error(
      `Chromium is required for this test and could not be installed:\n${install.stderr}${install.stdout}`
    )
  const files: Record<string, string> = {}
  const io: Io = {
    out: () => undefined,
    err: () => undefined,
    progressStream: { isTTY: false, write: () => true },
    readFile: () => Promise.reject(new Error('no files')),
    writeFile: (p, t) => {
      files[p] = t
      return Promise.resolve()
    },
    now: () => performance.now()
  }
  const code = await main(
    ['simulate', '--mode', 'faithful', '--ops', '80', '--seed', '1', '--report', 'r.html', '--no-shrink'],
    io
  )
  expect(code).toBe(1)
  writeFileSync(report, files['r.html'] ?? '')
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 }
  })
}, 600_000)

afterAll(async () => {
  await context?.close()
})

describe('the HTML report in Chromium', () => {
  it('renders the timeline chart (screenshot pixels)', async () => {
    const page = await context.newPage()
    await page.goto(pathToFileURL(report).href)
    const chart = page.locator('#timeline')
    await chart.waitFor()
    const png = await chart.screenshot({ path: join(dir, 'timeline.png') })
    const box = await chart.boundingBox()
    expect(box?.width).toBeGreaterThan(1000)
    const counts = await page.evaluate<Counts>(`(${COUNT_PIXELS})(${JSON.stringify(png.toString('base64'))})`)
    expect(counts.ink / counts.pixels).toBeGreaterThan(0.03)
    expect(counts.green).toBeGreaterThan(200)
    expect(counts.orange + counts.red).toBeGreaterThan(20)
    await page.close()
  }, 60_000)

  it('draws a bar per client inside the chart, and hovering one shows its details', async () => {
    const page = await context.newPage()
    await page.goto(pathToFileURL(report).href)
    const svg = await page.locator('#timeline-svg').boundingBox()
    const bars = page.locator('rect.bar')
    expect(await bars.count()).toBeGreaterThan(60)
    const first = await bars.first().boundingBox()
    expect(first).not.toBeNull()
    if (svg === null || first === null) return
    expect(first.x).toBeGreaterThanOrEqual(svg.x)
    expect(first.x + first.width).toBeLessThanOrEqual(svg.x + svg.width)
    expect(await page.locator('circle.violation').count()).toBeGreaterThan(0)
    await page.locator('rect.outcome-Failed').first().hover()
    const tip = page.locator('#tip')
    await expect.poll(() => tip.isVisible()).toBe(true)
    expect(await tip.textContent()).toMatch(/outcome: Failed/)
    await page.close()
  }, 60_000)
})
